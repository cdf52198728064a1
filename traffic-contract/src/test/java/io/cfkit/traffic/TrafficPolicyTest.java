package io.cfkit.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficPolicyTest {

    @Test
    void readsRoutesAndDefaults() {
        TrafficPolicy policy = TrafficPolicy.fromProperties(Map.of(
                "traffic.routes.helloworld-service.stable", "blue",
                "traffic.routes.helloworld-service.canary", "green",
                "traffic.routes.helloworld-service.weight", "10",
                "traffic.routes.other-service.stable", "v1",
                "zuul.routes.helloworld-service.path", "/hello/**"));

        assertThat(policy.routes()).containsOnlyKeys("helloworld-service", "other-service");
        assertThat(policy.route("helloworld-service"))
                .isEqualTo(new RoutePolicy("helloworld-service", "blue", "green", 10));
        assertThat(policy.route("other-service")).isEqualTo(new RoutePolicy("other-service", "v1", null, 0));
        assertThat(policy.route("nothing")).isNull();
        assertThat(policy.settings()).isEqualTo(TrafficSettings.DEFAULTS);
        assertThat(policy.settings().pinHeader()).isEqualTo("X-Canary-Version");
        assertThat(policy.settings().pinCookie()).isEqualTo("canary-version");
        assertThat(policy.settings().stickyHeader()).isEqualTo("X-User-Id");
        assertThat(policy.settings().stickyCookie()).isEqualTo("SESSION");
        assertThat(policy.settings().metricsWindowSeconds()).isEqualTo(30);
        assertThat(policy.problems()).isEmpty();
    }

    @Test
    void readsTheGlobalKeys() {
        TrafficPolicy policy = TrafficPolicy.fromProperties(Map.of(
                "traffic.pin-header", "X-Version",
                "traffic.pin-cookie", "version",
                "traffic.sticky-header", "X-Account",
                "traffic.sticky-cookie", "JSESSIONID",
                "traffic.metrics.window-seconds", "60"));

        assertThat(policy.settings()).isEqualTo(new TrafficSettings("X-Version", "version", "X-Account", "JSESSIONID", 60));
        assertThat(policy.routes()).isEmpty();
    }

    @Test
    void brokenEntriesAreReportedAndReadSafely() {
        TrafficPolicy policy = TrafficPolicy.fromProperties(Map.ofEntries(
                Map.entry("traffic.routes.a.stable", "blue"),
                Map.entry("traffic.routes.a.canary", "green"),
                Map.entry("traffic.routes.a.weight", "150"),
                Map.entry("traffic.routes.b.canary", "green"),
                Map.entry("traffic.routes.c.stable", "blue"),
                Map.entry("traffic.routes.c.weight", "20"),
                Map.entry("traffic.routes.d.stable", "blue"),
                Map.entry("traffic.routes.d.canary", "blue"),
                Map.entry("traffic.routes.e.stable", "blue"),
                Map.entry("traffic.routes.e.canary", " "),
                Map.entry("traffic.routes.e.wieght", "5"),
                Map.entry("traffic.metrics.window-seconds", "0")));

        assertThat(policy.route("a")).isEqualTo(new RoutePolicy("a", "blue", "green", 0));
        assertThat(policy.route("b")).as("no stable version").isNull();
        assertThat(policy.route("c")).isEqualTo(new RoutePolicy("c", "blue", null, 0));
        assertThat(policy.route("d")).isEqualTo(new RoutePolicy("d", "blue", null, 0));
        assertThat(policy.route("e")).isEqualTo(new RoutePolicy("e", "blue", null, 0));
        assertThat(policy.settings().metricsWindowSeconds()).isEqualTo(30);
        assertThat(policy.problems()).hasSize(5).anySatisfy(p -> assertThat(p).contains("'150'"))
                .anySatisfy(p -> assertThat(p).contains("wieght"));
    }

    @Test
    void weightsComeAsTheConfigServerSendsThem() {
        // Spring Cloud Config sends YAML numbers as JSON numbers; the client turns them into text.
        assertThat(TrafficPolicy.fromProperties(Map.of(
                        "traffic.routes.a.stable", "blue", "traffic.routes.a.canary", "green",
                        "traffic.routes.a.weight", "7.5"))
                .route("a").weight()).isZero();
        assertThat(TrafficPolicy.fromProperties(Map.of(
                        "traffic.routes.a.stable", "blue", "traffic.routes.a.canary", "green",
                        "traffic.routes.a.weight", " 100 "))
                .route("a").weight()).isEqualTo(100);
    }
}
