package io.cfkit.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PolicyFileTest {

    @Test
    void changingOneRouteKeepsEveryKeyTheCodecDoesNotKnow() {
        PolicyFile file = PolicyFile.parse(PolicyFiles.WITH_GLOBAL_KEYS)
                .with(RoutePolicy.stableOnly("helloworld-service", "green"))
                .with(RoutePolicy.stableOnly("new-service", "v2").withCanary("v3", 5));

        PolicyFile reread = PolicyFile.parse(file.render("# header\n"));

        assertThat(reread.properties())
                .containsEntry("traffic.pin-header", "X-Version")
                .containsEntry("traffic.pin-cookie", "version")
                .containsEntry("traffic.sticky-header", "X-Account")
                .containsEntry("traffic.sticky-cookie", "JSESSIONID")
                .containsEntry("traffic.metrics.window-seconds", "60")
                .containsEntry("traffic.future-key[1]", "b")
                .containsEntry("owner", "team-x")
                .containsEntry("traffic.routes.helloworld-service.note", "kept")
                .doesNotContainKeys("traffic.routes.helloworld-service.canary",
                        "traffic.routes.helloworld-service.weight");
        TrafficPolicy policy = reread.policy();
        assertThat(policy.settings()).isEqualTo(PolicyFiles.GLOBAL_SETTINGS);
        assertThat(policy.routes().values()).containsExactly(
                RoutePolicy.stableOnly("helloworld-service", "green"),
                new RoutePolicy("new-service", "v2", "v3", 5),
                RoutePolicy.stableOnly("other-service", "v1"));
    }

    @Test
    void removingARouteLeavesTheOthersAndTheSettings() {
        PolicyFile file = PolicyFile.parse(PolicyFiles.WITH_GLOBAL_KEYS).without("helloworld-service").without("unknown");

        assertThat(file.policy().routes()).containsOnlyKeys("other-service");
        assertThat(file.policy().settings().metricsWindowSeconds()).isEqualTo(60);
    }

    @Test
    void anEmptyFileHasNoPolicyAndRendersTheFirstOne() {
        assertThat(PolicyFile.parse("").policy().routes()).isEmpty();
        assertThat(PolicyFile.parse("# only a comment\n").policy().routes()).isEmpty();

        String text = PolicyFile.empty().with(RoutePolicy.stableOnly("hello", "blue").withCanary("green", 10))
                .render("# h\n");

        assertThat(text).isEqualTo("# h\ntraffic:\n  routes:\n    hello:\n      stable: blue\n      canary: green\n"
                + "      weight: 10\n");
    }

    @Test
    void aFileThatIsNotAMappingIsRefusedWithItsName() {
        assertThatThrownBy(() -> PolicyFile.parse("- a\n- b\n")).hasMessageContaining(PolicyFile.NAME)
                .hasMessageContaining("mapping");
        assertThatThrownBy(() -> PolicyFile.parse("traffic: [\n")).hasMessageContaining("not valid YAML");
    }
}
