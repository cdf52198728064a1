package io.cfkit.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AdminJsonTest {

    @Test
    void aTrafficReportReadsBackAsWritten() {
        RoutePolicy policy = RoutePolicy.stableOnly("hello", "blue").withCanary("green", 10);
        TrafficReport report = new TrafficReport("gw-1", "abc123", new TreeMap<>(Map.of(
                "hello", TrafficReport.RouteReport.of(policy, Map.of("blue", 2, "green", 0), List.of("green")),
                "plain", TrafficReport.RouteReport.of(null, Map.of("v1", 1), List.of()))));

        String json = AdminJson.write(report);
        TrafficReport read = AdminJson.read(json, TrafficReport.class);

        assertThat(read).isEqualTo(report);
        assertThat(read.route("hello").policy("hello")).isEqualTo(policy);
        assertThat(read.route("hello").up("blue")).isEqualTo(2);
        assertThat(read.route("plain").policy("plain")).isNull();
        assertThat(read.route("unknown").policy("unknown")).isNull();
        assertThat(json).contains("\"configVersion\":\"abc123\"", "\"withoutInstances\":[\"green\"]",
                "\"blue\":{\"up\":2}");
    }

    @Test
    void aMetricsReportReadsBackAsWrittenAndIgnoresFieldsItDoesNotKnow() {
        VersionStats stats = new VersionStats(20, 0.7, 1, 0, 0.05, 3, 9, 12, 400, 4);
        MetricsReport.EdgeCounts edge = new MetricsReport.EdgeCounts(2, new TreeMap<>(Map.of("shed", 1L)),
                new TreeMap<>(Map.of("hello", 1L)));
        MetricsReport report = new MetricsReport("gw-1", 30, new TreeMap<>(Map.of("hello",
                new TreeMap<>(Map.of("blue", stats, "green", VersionStats.NONE)))), edge);

        String json = AdminJson.write(report);
        MetricsReport read = AdminJson.read(json.replace("\"windowSeconds\"", "\"newField\":1,\"windowSeconds\""),
                MetricsReport.class);

        assertThat(read).isEqualTo(report);
        assertThat(read.route("hello")).containsEntry("blue", stats);
        assertThat(read.route("other")).isEmpty();
        assertThat(read.edge().refused()).containsEntry("shed", 1L);
        assertThat(json).contains("\"edge\":{\"inFlight\":2,\"refused\":{\"shed\":1},\"shedByRoute\":{\"hello\":1}}");
    }
}
