package io.cfkit.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cfkit.gateway.support.Promtool;
import io.cfkit.traffic.TrafficPolicy;
import io.cfkit.traffic.VersionStats;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrafficMetricsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TrafficMetrics metrics = new TrafficMetrics(now::get, 30);

    private VersionStats stats(String route, String version) {
        return metrics.snapshot().get(route).get(version);
    }

    @Test
    void countsPerRouteAndVersionWithPercentiles() {
        now.addAndGet(60_000);
        for (int i = 1; i <= 100; i++) {
            metrics.record("svc", "blue", 200, i * 1000L);
        }
        for (int i = 0; i < 10; i++) {
            metrics.record("svc", "green", i < 4 ? 500 : 200, 50_000);
        }
        metrics.connectFailure("svc", "green");

        VersionStats blue = stats("svc", "blue");
        assertThat(blue.requests()).isEqualTo(100);
        assertThat(blue.errors()).isZero();
        assertThat(blue.errorRate()).isZero();
        assertThat(blue.p50()).isCloseTo(50.0, within(1.0));
        assertThat(blue.p95()).isCloseTo(95.0, within(1.0));
        assertThat(blue.p99()).isCloseTo(99.0, within(1.0));
        assertThat(blue.rps()).isCloseTo(100 / 30.0, within(0.001));
        VersionStats green = stats("svc", "green");
        assertThat(green.requests()).isEqualTo(10);
        assertThat(green.errors()).isEqualTo(4);
        assertThat(green.errorRate()).isEqualTo(0.4);
        assertThat(green.connectFailures()).isEqualTo(1);
        assertThat(green.p99()).isCloseTo(50.0, within(0.5));
    }

    @Test
    void theWindowSlidesAndTheTotalsStay() {
        now.addAndGet(60_000);
        metrics.record("svc", "blue", 503, 1000);
        now.addAndGet(20_000);
        metrics.record("svc", "blue", 200, 1000);
        assertThat(stats("svc", "blue").requests()).isEqualTo(2);

        now.addAndGet(15_000);
        VersionStats later = stats("svc", "blue");
        assertThat(later.requests()).as("the first left the window").isEqualTo(1);
        assertThat(later.errors()).isZero();
        assertThat(later.totalRequests()).isEqualTo(2);
        assertThat(later.totalErrors()).isEqualTo(1);

        now.addAndGet(3_600_000);
        VersionStats idle = stats("svc", "blue");
        assertThat(idle.requests()).isZero();
        assertThat(idle.p99()).isZero();
        assertThat(idle.totalRequests()).isEqualTo(2);

        // A bucket slot comes round again: its old second is cleared before it counts the new one.
        metrics.record("svc", "blue", 200, 1000);
        assertThat(stats("svc", "blue").requests()).isEqualTo(1);
    }

    @Test
    void rpsIsOverTheTimeSinceStartWhileThatIsShorterThanTheWindow() {
        now.addAndGet(10_000);
        for (int i = 0; i < 50; i++) {
            metrics.record("svc", "blue", 200, 1000);
        }
        assertThat(stats("svc", "blue").rps()).isCloseTo(5.0, within(0.001));
    }

    @Test
    void aNewWindowLengthClearsTheWindowOnly() {
        metrics.record("svc", "blue", 200, 1000);
        metrics.windowSeconds(5);
        assertThat(metrics.windowSeconds()).isEqualTo(5);
        assertThat(stats("svc", "blue").requests()).isZero();
        assertThat(stats("svc", "blue").totalRequests()).isEqualTo(1);
        metrics.record("svc", "blue", 200, 1000);
        now.addAndGet(6_000);
        assertThat(stats("svc", "blue").requests()).isZero();
    }

    @Test
    void prometheusHasCountersAndALatencyHistogramInSecondsThatPromtoolAccepts() throws Exception {
        metrics.apply(TrafficPolicy.fromProperties(Map.of(
                "traffic.routes.svc.stable", "blue", "traffic.routes.svc.canary", "green",
                "traffic.routes.svc.weight", "10")));
        metrics.record("svc", "blue", 200, 1500);
        metrics.record("svc", "blue", 200, 40_000);
        metrics.record("svc", "green", 502, 120_000_000_000L);
        metrics.connectFailure("svc", "green");
        metrics.record("odd\"route", "v\\1", 200, 10);

        String text = metrics.prometheusText();

        assertThat(text)
                .contains("gateway_requests_total{route=\"svc\",version=\"blue\"} 2.0\n")
                .contains("gateway_requests_total{route=\"svc\",version=\"green\"} 1.0\n")
                .contains("gateway_request_errors_total{route=\"svc\",version=\"green\"} 1.0\n")
                .contains("gateway_request_errors_total{route=\"svc\",version=\"blue\"} 0.0\n")
                .contains("gateway_connect_failures_total{route=\"svc\",version=\"green\"} 1.0\n")
                // 1.5 ms is above the 1 ms bucket and within 2.5 ms; 40 ms within 50 ms; the buckets are cumulative.
                .contains("gateway_request_duration_seconds_bucket{route=\"svc\",version=\"blue\",le=\"0.001\"} 0\n")
                .contains("gateway_request_duration_seconds_bucket{route=\"svc\",version=\"blue\",le=\"0.0025\"} 1\n")
                .contains("gateway_request_duration_seconds_bucket{route=\"svc\",version=\"blue\",le=\"0.025\"} 1\n")
                .contains("gateway_request_duration_seconds_bucket{route=\"svc\",version=\"blue\",le=\"0.05\"} 2\n")
                .contains("gateway_request_duration_seconds_bucket{route=\"svc\",version=\"blue\",le=\"+Inf\"} 2\n")
                .contains("gateway_request_duration_seconds_count{route=\"svc\",version=\"blue\"} 2\n")
                .contains("gateway_request_duration_seconds_sum{route=\"svc\",version=\"blue\"} 0.0415\n")
                .contains("gateway_request_duration_seconds_bucket{route=\"svc\",version=\"green\",le=\"10.0\"} 0\n")
                .contains("gateway_requests_total{route=\"odd\\\"route\",version=\"v\\\\1\"} 1.0\n")
                .contains("gateway_canary_weight{route=\"svc\"} 10.0\n");
        Promtool.assertAccepts(text);
    }

    @Test
    void thePolicysVersionsAreListedAtZeroBeforeTheirFirstRequest() {
        metrics.apply(TrafficPolicy.fromProperties(Map.of(
                "traffic.routes.svc.stable", "blue", "traffic.routes.svc.canary", "green")));

        assertThat(metrics.prometheusText())
                .contains("gateway_requests_total{route=\"svc\",version=\"blue\"} 0.0\n")
                .contains("gateway_requests_total{route=\"svc\",version=\"green\"} 0.0\n")
                .contains("gateway_canary_weight{route=\"svc\"} 0.0\n");
    }
}
