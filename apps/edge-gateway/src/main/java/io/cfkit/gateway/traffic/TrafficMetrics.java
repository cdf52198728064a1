package io.cfkit.gateway.traffic;

import io.cfkit.traffic.TrafficPolicy;
import io.cfkit.traffic.VersionStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Per route (service id) and per version of the instance that answered: what cf-deploy compares to judge a canary.
 * Counted once per client request, whatever the retries; a connect failure is counted per attempt, for the version
 * of the instance that refused it.
 *
 * <p>Two views of the same requests: the sliding window of {@code /admin/metrics} ({@link MetricsSeries}: counts,
 * rps and exact percentiles of the last seconds, which Micrometer does not keep), and counters and a latency histogram
 * since start in a Micrometer registry, which writes Prometheus' text format. The histogram has fixed buckets, so
 * Prometheus can add up the gateways' histograms before it computes a quantile.
 */
public final class TrafficMetrics {

    /** What {@link #prometheusText} is. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Prometheus' default buckets from 5 ms to 10 s, with 1 and 2.5 ms below them: a gateway hop is often faster. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2).plusNanos(500_000), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    /** The meters of one route and version, looked up once and kept: a registry look-up per request costs more. */
    private record Meters(Counter requests, Counter errors, Counter connectFailures, Timer latency) {}

    private record Series(MetricsSeries window, Meters meters) {}

    private final LongSupplier clockMillis;
    private final long startedMillis;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge canaryWeights = MultiGauge.builder("gateway.canary.weight")
            .description("Percent of unpinned traffic the policy gives the route's canary.")
            .register(registry);
    private final ConcurrentMap<String, ConcurrentMap<String, Series>> byRoute = new ConcurrentHashMap<>();
    private volatile int windowSeconds;

    public TrafficMetrics(LongSupplier clockMillis, int windowSeconds) {
        this.clockMillis = clockMillis;
        this.startedMillis = clockMillis.getAsLong();
        this.windowSeconds = windowSeconds;
    }

    /** @param status the status the client got; 5xx counts as an error */
    public void record(String route, String version, int status, long latencyMicros) {
        Series series = series(route, version);
        boolean error = status >= 500;
        series.window().record(clockMillis.getAsLong(), error, latencyMicros);
        series.meters().requests().increment();
        if (error) {
            series.meters().errors().increment();
        }
        series.meters().latency().record(Math.max(0, latencyMicros), TimeUnit.MICROSECONDS);
    }

    public void connectFailure(String route, String version) {
        Series series = series(route, version);
        series.window().connectFailure(clockMillis.getAsLong());
        series.meters().connectFailures().increment();
    }

    /**
     * Takes the window length and the canary weights of a newly applied policy, and lists its versions at zero before
     * their first request, so a Prometheus rate() sees them start from nothing.
     */
    public void apply(TrafficPolicy policy) {
        windowSeconds(policy.settings().metricsWindowSeconds());
        List<MultiGauge.Row<?>> weights = policy.routes().values().stream()
                .<MultiGauge.Row<?>>map(route -> MultiGauge.Row.of(Tags.of("route", route.service()), route.weight()))
                .toList();
        canaryWeights.register(weights, true);
        policy.routes().values().forEach(route -> route.versions().forEach(v -> series(route.service(), v)));
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
        byRoute.values().forEach(versions -> versions.values().forEach(s -> s.window().resize(seconds)));
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
            versions.forEach((version, series) -> stats.put(version, series.window().snapshot(
                    now, rateSeconds, (long) series.meters().requests().count(),
                    (long) series.meters().errors().count())));
            result.put(route, stats);
        });
        return result;
    }

    /** Counters and the latency histogram since start, and the canary weights, in Prometheus' text format 0.0.4. */
    public String prometheusText() {
        return registry.scrape();
    }

    private Series series(String route, String version) {
        Map<String, Series> versions = byRoute.computeIfAbsent(route, r -> new ConcurrentHashMap<>());
        Series series = versions.get(version);
        if (series == null) {
            // computeIfAbsent under the lock, so a window change cannot slip between creation and registration.
            synchronized (this) {
                series = versions.computeIfAbsent(
                        version, v -> new Series(new MetricsSeries(windowSeconds), meters(route, version)));
            }
        }
        return series;
    }

    private Meters meters(String route, String version) {
        Tags tags = Tags.of("route", route, "version", version);
        return new Meters(
                Counter.builder("gateway.requests")
                        .description("Requests answered since start, by route (service id) and version of the "
                                + "instance that answered.")
                        .tags(tags)
                        .register(registry),
                Counter.builder("gateway.request.errors")
                        .description("Requests answered with a 5xx status since start.")
                        .tags(tags)
                        .register(registry),
                Counter.builder("gateway.connect.failures")
                        .description("Connections to an instance that could not be made since start (each retry "
                                + "attempt counts).")
                        .tags(tags)
                        .register(registry),
                Timer.builder("gateway.request.duration")
                        .description("Time from routing to the instance's response headers.")
                        .tags(tags)
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry));
    }
}
