package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.state.JsonStore;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.TrafficReport;
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
}
