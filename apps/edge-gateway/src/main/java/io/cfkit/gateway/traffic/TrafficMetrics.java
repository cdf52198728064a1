package io.cfkit.gateway.traffic;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Per route (service id) and per version of the instance that answered: what cf-deploy compares to judge a canary.
 * Counted once per client request, whatever the retries; a connect failure is counted per attempt, for the version
 * of the instance that refused it.
 */
public final class TrafficMetrics {

    private final LongSupplier clockMillis;
    private final long startedMillis;
    private final ConcurrentMap<String, ConcurrentMap<String, MetricsSeries>> byRoute = new ConcurrentHashMap<>();
    private volatile int windowSeconds;

    public TrafficMetrics(LongSupplier clockMillis, int windowSeconds) {
        this.clockMillis = clockMillis;
        this.startedMillis = clockMillis.getAsLong();
        this.windowSeconds = windowSeconds;
    }

    /** @param status the status the client got; 5xx counts as an error */
    public void record(String route, String version, int status, long latencyMicros) {
        series(route, version).record(clockMillis.getAsLong(), status >= 500, latencyMicros);
    }

    public void connectFailure(String route, String version) {
        series(route, version).connectFailure(clockMillis.getAsLong());
    }

    public int windowSeconds() {
        return windowSeconds;
    }

    /** From {@code traffic.metrics.window-seconds}; a change clears the windows (not the totals). */
    public synchronized void windowSeconds(int seconds) {
        if (seconds == windowSeconds) {
            return;
        }
        windowSeconds = seconds;
        byRoute.values().forEach(versions -> versions.values().forEach(s -> s.resize(seconds)));
    }

    /** Every route and version that has seen a request or a connect failure since start, sorted. */
    public SortedMap<String, SortedMap<String, VersionStats>> snapshot() {
        long now = clockMillis.getAsLong();
        int window = windowSeconds;
        // While the gateway is younger than the window, rps is over the time it has been up.
        double rateSeconds = Math.max(1.0, Math.min(window, (now - startedMillis) / 1000.0));
        SortedMap<String, SortedMap<String, VersionStats>> result = new TreeMap<>();
        byRoute.forEach((route, versions) -> {
            SortedMap<String, VersionStats> stats = new TreeMap<>();
            versions.forEach((version, series) -> stats.put(version, series.snapshot(now, rateSeconds)));
            result.put(route, stats);
        });
        return result;
    }

    private MetricsSeries series(String route, String version) {
        Map<String, MetricsSeries> versions = byRoute.computeIfAbsent(route, r -> new ConcurrentHashMap<>());
        MetricsSeries series = versions.get(version);
        if (series == null) {
            // computeIfAbsent under the lock, so a window change cannot slip between creation and registration.
            synchronized (this) {
                series = versions.computeIfAbsent(version, v -> new MetricsSeries(windowSeconds));
            }
        }
        return series;
    }
}
