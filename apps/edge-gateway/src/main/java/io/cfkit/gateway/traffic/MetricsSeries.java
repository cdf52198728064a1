package io.cfkit.gateway.traffic;

import io.cfkit.traffic.VersionStats;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Requests, 5xx answers, connect failures and latencies of one route and version, in one-second buckets that are
 * reused round the clock (a bucket whose second has passed out of the window is cleared when its slot comes round
 * again). The totals since start are Micrometer's ({@link TrafficMetrics}). Event-loop threads record, the admin
 * endpoints read: both under this object's lock, held for a few hundred nanoseconds by a recording.
 */
final class MetricsSeries {

    /** Latencies are recorded in microseconds up to two minutes (longer ones count as two minutes), to 1 %. */
    static final long HIGHEST_MICROS = 120_000_000L;

    private static final int SIGNIFICANT_DIGITS = 2;

    private static final class Bucket {
        long second = Long.MIN_VALUE;
        int requests;
        int errors;
        int connectFailures;
        /** Made on first use: an idle version costs no histogram memory (about 10 KB each). */
        IntCountsHistogram latency;

        void rollTo(long second) {
            if (this.second != second) {
                this.second = second;
                requests = 0;
                errors = 0;
                connectFailures = 0;
                if (latency != null) {
                    latency.reset();
                }
            }
        }
    }

    private Bucket[] buckets;

    MetricsSeries(int windowSeconds) {
        buckets = newBuckets(windowSeconds);
    }

    private static Bucket[] newBuckets(int windowSeconds) {
        Bucket[] fresh = new Bucket[windowSeconds];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = new Bucket();
        }
        return fresh;
    }

    /** A new window length drops the window's contents. */
    synchronized void resize(int windowSeconds) {
        if (windowSeconds != buckets.length) {
            buckets = newBuckets(windowSeconds);
        }
    }

    synchronized void record(long nowMillis, boolean error, long latencyMicros) {
        Bucket bucket = bucket(nowMillis);
        bucket.requests++;
        if (error) {
            bucket.errors++;
        }
        if (bucket.latency == null) {
            bucket.latency = new IntCountsHistogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
        }
        long micros = Math.max(0, Math.min(latencyMicros, HIGHEST_MICROS));
        bucket.latency.recordValue(micros);
    }

    synchronized void connectFailure(long nowMillis) {
        bucket(nowMillis).connectFailures++;
    }

    private Bucket bucket(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        Bucket bucket = buckets[(int) Math.floorMod(second, (long) buckets.length)];
        bucket.rollTo(second);
        return bucket;
    }

    /**
     * @param rateSeconds what the window's requests are divided by for rps: the window, or the time since start
     *     while that is shorter
     * @param totalRequests since start, passed through
     * @param totalErrors since start, passed through
     */
    VersionStats snapshot(long nowMillis, double rateSeconds, long totalRequests, long totalErrors) {
        long second = Math.floorDiv(nowMillis, 1000);
        Histogram merged = new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
        long requests = 0;
        long errors = 0;
        long connectFailures = 0;
        synchronized (this) {
            for (Bucket bucket : buckets) {
                if (bucket.second <= second && bucket.second > second - buckets.length) {
                    requests += bucket.requests;
                    errors += bucket.errors;
                    connectFailures += bucket.connectFailures;
                    if (bucket.latency != null) {
                        merged.add(bucket.latency);
                    }
                }
            }
        }
        return new VersionStats(
                requests,
                round(requests / rateSeconds),
                errors,
                connectFailures,
                requests == 0 ? 0.0 : round((double) errors / requests),
                percentileMillis(merged, 50),
                percentileMillis(merged, 95),
                percentileMillis(merged, 99),
                totalRequests,
                totalErrors);
    }

    private static double percentileMillis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0.0 : round(histogram.getValueAtPercentile(percentile) / 1000.0);
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
