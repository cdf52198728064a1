package io.cfkit.cfdeploy.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version's traffic over the gateways' metrics window, summed over every gateway instance; latency
 * percentiles take the worst gateway's, so a slow canary behind one gateway is not averaged away.
 */
public record VersionStats(String version, long requests, double rps, long errors, double p50, double p95,
        double p99) {

    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    /** Per version, from the {@code /admin/metrics} answers of every gateway, for one service. */
    public static Map<String, VersionStats> of(String service, List<JsonNode> metrics) {
        Map<String, VersionStats> stats = new LinkedHashMap<>();
        for (JsonNode gateway : metrics) {
            gateway.path("routes").path(service).fields().forEachRemaining(e -> {
                JsonNode m = e.getValue();
                VersionStats one = new VersionStats(e.getKey(), m.path("requests").asLong(), m.path("rps").asDouble(),
                        m.path("errors").asLong(), m.path("p50").asDouble(), m.path("p95").asDouble(),
                        m.path("p99").asDouble());
                stats.merge(e.getKey(), one, VersionStats::plus);
            });
        }
        return stats;
    }

    VersionStats plus(VersionStats other) {
        return new VersionStats(version, requests + other.requests, rps + other.rps, errors + other.errors,
                Math.max(p50, other.p50), Math.max(p95, other.p95), Math.max(p99, other.p99));
    }

    public static VersionStats none(String version) {
        return new VersionStats(version, 0, 0, 0, 0, 0, 0);
    }
}
