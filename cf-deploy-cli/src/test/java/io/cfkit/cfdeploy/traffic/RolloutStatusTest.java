package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.state.JsonStore;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.TrafficReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RolloutStatusTest {

    @Test
    void aGatewayViewKeepsTheFlatFieldsStatusJsonShows() throws Exception {
        TrafficReport report = new TrafficReport("gw-1", "abc", new TreeMap<>(Map.of("hello",
                TrafficReport.RouteReport.of(RoutePolicy.stableOnly("hello", "blue").withCanary("green", 10),
                        Map.of("blue", 1, "green", 0), List.of("green")))));

        RolloutStatus.GatewayView view = RolloutStatus.GatewayView.of("gw-1", report, "hello");
        RolloutStatus.GatewayView none = RolloutStatus.GatewayView.of("gw-1", report, "other");

        assertThat(JsonStore.MAPPER.readTree(JsonStore.MAPPER.writeValueAsString(view))).isEqualTo(
                JsonStore.MAPPER.readTree("""
                        {"id":"gw-1","configVersion":"abc","stable":"blue","canary":"green","weight":10,
                         "withoutInstances":["green"]}"""));
        assertThat(view.split("hello")).isEqualTo("blue 90 %, green 10 %");
        assertThat(none.split("other")).isEqualTo("no policy: all instances");
    }

    @Test
    void printShowsTheRoutedVersionsAndThoseThatAnsweredWithinTheWindowOnly() {
        RolloutStatus status = new RolloutStatus("hello", null,
                List.of(new RolloutStatus.GatewayView("gw-1", "abc", "blue", "green", 10, List.of())),
                new TreeMap<>(Map.of(
                        "blue", new FleetVersionStats("blue", 90, 9.0, 0, 1, 2, 3),
                        "green", new FleetVersionStats("green", 0, 0, 0, 0, 0, 0),
                        "red", new FleetVersionStats("red", 4, 0.4, 1, 1, 2, 3),
                        "unknown", new FleetVersionStats("unknown", 0, 0, 0, 0, 0, 0))));
        StringWriter printed = new StringWriter();

        status.print(new PrintWriter(printed));

        assertThat(printed.toString().lines().map(String::strip).map(line -> line.split(" +")[0]))
                .contains("blue", "green", "red").doesNotContain("unknown");
    }
}
