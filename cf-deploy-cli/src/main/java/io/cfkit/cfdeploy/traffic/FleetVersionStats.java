package io.cfkit.cfdeploy.traffic;

import io.cfkit.traffic.MetricsReport;
import io.cfkit.traffic.VersionStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version's traffic over the gateways' metrics window, summed over every gateway instance (each reports its own
 * {@link VersionStats}); latency percentiles take the worst gateway's, so a slow canary behind one gateway is not
 * averaged away.
 */
public record FleetVersionStats(String version, long requests, double rps, long errors, double p50, double p95,
        double p99) {

    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    /** Per version, from the {@code /admin/metrics} answers of every gateway, for one service. */
    public static Map<String, FleetVersionStats> of(String service, List<MetricsReport> reports) {
        Map<String, FleetVersionStats> stats = new LinkedHashMap<>();
        for (MetricsReport report : reports) {
            report.route(service).forEach((version, m) -> stats.merge(version, new FleetVersionStats(version,
                    m.requests(), m.rps(), m.errors(), m.p50(), m.p95(), m.p99()), FleetVersionStats::plus));
        }
        return stats;
    }

    FleetVersionStats plus(FleetVersionStats other) {
        return new FleetVersionStats(version, requests + other.requests, rps + other.rps, errors + other.errors,
                Math.max(p50, other.p50), Math.max(p95, other.p95), Math.max(p99, other.p99));
    }

    public static FleetVersionStats none(String version) {
        return new FleetVersionStats(version, 0, 0, 0, 0, 0, 0);
    }
}
