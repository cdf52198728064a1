package io.cfkit.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StickyBucketTest {

    @Test
    void theBucketOfAValueNeverChanges() {
        // Pinned values: other gateway instances, restarts and other tools must agree on them.
        assertThat(StickyBucket.of("")).isEqualTo(EMPTY);
        assertThat(StickyBucket.of("user-1")).isEqualTo(USER_1);
        assertThat(StickyBucket.of("user-2")).isEqualTo(USER_2);
        assertThat(StickyBucket.of("\u00fcn\u00efc\u00f6d\u00e9")).isEqualTo(UNICODE);
        for (int i = 0; i < 100; i++) {
            assertThat(StickyBucket.of("user-1")).isEqualTo(USER_1);
        }
    }

    @Test
    void similarValuesSpreadEvenlyOverTheHundredBuckets() {
        int[] counts = new int[100];
        int users = 100_000;
        for (int i = 0; i < users; i++) {
            int bucket = StickyBucket.of("user-" + i);
            assertThat(bucket).isBetween(0, 99);
            counts[bucket]++;
        }
        for (int bucket = 0; bucket < 100; bucket++) {
            // 1,000 expected per bucket; ±15 % is over four standard deviations.
            assertThat(counts[bucket]).as("bucket %d", bucket).isBetween(850, 1150);
        }
        int belowTen = 0;
        for (int bucket = 0; bucket < 10; bucket++) {
            belowTen += counts[bucket];
        }
        assertThat(belowTen).as("users on a 10 % canary").isBetween(9_500, 10_500);
    }

    /*
     * Worked out apart from the Java code, with this Python 3 reading of the hash documented in StickyBucket
     * (FNV-1a 32 bit of the UTF-8 bytes, MurmurHash3's fmix32, unsigned, mod 100); other tests take their expected
     * buckets from it too:
     *
     *   def bucket(s):
     *       h = 0x811c9dc5
     *       for b in s.encode("utf-8"):
     *           h = ((h ^ b) * 0x01000193) & 0xffffffff
     *       h ^= h >> 16; h = (h * 0x85ebca6b) & 0xffffffff
     *       h ^= h >> 13; h = (h * 0xc2b2ae35) & 0xffffffff
     *       h ^= h >> 16
     *       return h % 100
     */
    private static final int EMPTY = 23;
    private static final int USER_1 = 16;
    private static final int USER_2 = 5;
    private static final int UNICODE = 87;
}
