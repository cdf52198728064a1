package io.cfkit.gateway.traffic;

import java.math.BigDecimal;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.ToDoubleFunction;

/**
 * The traffic metrics in Prometheus' text exposition format 0.0.4. Counters are totals since the gateway started (so
 * rate() works across scrapes); the latency summary's quantiles and the gauges cover the sliding window.
 */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4";

    private static final double[] QUANTILES = {0.5, 0.95, 0.99};

    private PrometheusText() {}

    public static String render(
            SortedMap<String, SortedMap<String, VersionStats>> metrics, int windowSeconds, TrafficPolicy policy) {
        StringBuilder out = new StringBuilder(4096);
        counter(out, metrics, "gateway_requests_total",
                "Requests answered since start, by route (service id) and version of the instance that answered.",
                VersionStats::totalRequests);
        counter(out, metrics, "gateway_request_errors_total", "Requests answered with a 5xx status since start.",
                VersionStats::totalErrors);
        counter(out, metrics, "gateway_connect_failures_total",
                "Connections to an instance that could not be made since start (each retry attempt counts).",
                VersionStats::totalConnectFailures);

        String latency = "gateway_request_latency_ms";
        help(out, latency, "Milliseconds from routing to the instance's response headers; quantiles over the last "
                + windowSeconds + " s, sum and count since start.", "summary");
        forEach(metrics, (labels, stats) -> {
            double[] values = {stats.p50(), stats.p95(), stats.p99()};
            for (int i = 0; i < QUANTILES.length; i++) {
                sample(out, latency, labels + ",quantile=\"" + number(QUANTILES[i]) + "\"", values[i]);
            }
            sample(out, latency + "_sum", labels, stats.totalLatencyMillis());
            sample(out, latency + "_count", labels, stats.totalRequests());
        });

        gauge(out, metrics, "gateway_window_requests", "Requests in the last " + windowSeconds + " s.",
                VersionStats::requests);
        gauge(out, metrics, "gateway_window_requests_per_second",
                "Requests per second over the last " + windowSeconds + " s.", VersionStats::rps);
        gauge(out, metrics, "gateway_window_error_rate",
                "Share of 5xx answers over the last " + windowSeconds + " s (0 to 1).", VersionStats::errorRate);

        help(out, "gateway_metrics_window_seconds", "Length of the sliding window.", "gauge");
        sample(out, "gateway_metrics_window_seconds", null, windowSeconds);

        help(out, "gateway_canary_weight", "Percent of unpinned traffic the policy gives the route's canary.", "gauge");
        for (RoutePolicy route : policy.routes().values()) {
            sample(out, "gateway_canary_weight", "route=\"" + escape(route.service()) + "\"", route.weight());
        }
        return out.toString();
    }

    private static void counter(
            StringBuilder out,
            SortedMap<String, SortedMap<String, VersionStats>> metrics,
            String name,
            String help,
            ToDoubleFunction<VersionStats> value) {
        help(out, name, help, "counter");
        forEach(metrics, (labels, stats) -> sample(out, name, labels, value.applyAsDouble(stats)));
    }

    private static void gauge(
            StringBuilder out,
            SortedMap<String, SortedMap<String, VersionStats>> metrics,
            String name,
            String help,
            ToDoubleFunction<VersionStats> value) {
        help(out, name, help, "gauge");
        forEach(metrics, (labels, stats) -> sample(out, name, labels, value.applyAsDouble(stats)));
    }

    private interface Sample {
        void accept(String labels, VersionStats stats);
    }

    private static void forEach(SortedMap<String, SortedMap<String, VersionStats>> metrics, Sample sample) {
        for (Map.Entry<String, SortedMap<String, VersionStats>> route : metrics.entrySet()) {
            for (Map.Entry<String, VersionStats> version : route.getValue().entrySet()) {
                sample.accept(
                        "route=\"" + escape(route.getKey()) + "\",version=\"" + escape(version.getKey()) + "\"",
                        version.getValue());
            }
        }
    }

    private static void help(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name);
        if (labels != null) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    /** Whole numbers without ".0", others in plain decimal notation (no exponent). */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Label values escape backslash, double quote and line feed. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
