package io.cfkit.traffic;

/**
 * The numbers one gateway measured for one route and version: the first eight over its sliding window, the totals
 * since it started. Latencies in milliseconds, 0 when the window saw no request.
 */
public record VersionStats(
        long requests,
        double rps,
        long errors,
        long connectFailures,
        double errorRate,
        double p50,
        double p95,
        double p99,
        long totalRequests,
        long totalErrors) {

    public static final VersionStats NONE = new VersionStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
