package io.cfkit.gateway.traffic;

import java.nio.charset.StandardCharsets;

/**
 * The bucket (0 to 99) of a sticky value such as a user id or session cookie. A user goes to the canary when its
 * bucket is below the canary's weight, so it keeps its version while the weight stays, and a user on the canary stays
 * there when the weight rises.
 *
 * <p>The hash is FNV-1a (32 bit) of the value's UTF-8 bytes, followed by MurmurHash3's 32-bit finaliser so that
 * similar values ("user-1", "user-2") spread over all buckets; the result, read as an unsigned number, modulo 100.
 * It depends on nothing but the value: every gateway instance, before and after a restart, puts a user in the same
 * bucket. Other tools may compute it the same way.
 */
public final class StickyBucket {

    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private StickyBucket() {}

    public static int of(String value) {
        int hash = FNV_OFFSET;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >>> 16;
        return (int) (Integer.toUnsignedLong(hash) % 100);
    }
}
