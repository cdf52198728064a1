package io.cfkit.cfdeploy.traffic;

import io.cfkit.traffic.MetricsReport;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.TrafficReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A service's rollout as it stands: the rollout's own record, the policy as each gateway reports applying
 * it, and per version the traffic the gateways measured.
 */
public record RolloutStatus(String service, Rollout rollout, List<GatewayView> gateways,
        Map<String, FleetVersionStats> versions) {

    /**
     * What one gateway applies to the service right now.
     *
     * @param policy null when the gateway applies no policy to the service (all its instances serve it)
     */
    public record GatewayView(String id, String configVersion, RoutePolicy policy, List<String> withoutInstances) {
    }

    public static RolloutStatus of(String service, Rollout rollout, GatewayFleet fleet) {
        List<GatewayView> views = new ArrayList<>();
        List<MetricsReport> metrics = new ArrayList<>();
        for (GatewayFleet.Gateway gateway : fleet.gateways()) {
            TrafficReport traffic = fleet.traffic(gateway);
            TrafficReport.RouteReport route = traffic.route(service);
            views.add(new GatewayView(gateway.id(), traffic.configVersion(), route.policy(service),
                    route.withoutInstances()));
            metrics.add(fleet.metrics(gateway));
        }
        return new RolloutStatus(service, rollout, views, FleetVersionStats.of(service, metrics));
    }

    public void print(PrintWriter out) {
        out.println(service + (rollout == null ? " (no rollout yet)" : ""));
        if (rollout != null) {
            out.println("  stable:  " + rollout.stable().name() + " (app " + rollout.stable().app() + ")");
            if (rollout.hasCanary()) {
                out.println("  canary:  " + rollout.canary().name() + " (app " + rollout.canary().app() + ")"
                        + (rollout.plan() != null ? ", " + rollout.plan().describe() : ""));
            }
            if (rollout.previous() != null) {
                out.println("  previous: " + rollout.previous().name() + " (app " + rollout.previous().app()
                        + ", stopped; cf-deploy rollback starts it again)");
            }
        }
        out.println("  gateways:");
        for (GatewayView g : gateways) {
            out.printf("    %-24s config %s  %s%s%n", g.id(), GatewayFleet.abbreviate(g.configVersion()),
                    g.policy() == null ? "no policy: all instances" : g.policy().describe(),
                    g.withoutInstances().isEmpty() ? "" : "  (no healthy instance: "
                            + String.join(", ", g.withoutInstances()) + " — its share goes to the other)");
        }
        out.printf("  %-12s %8s %8s %10s %8s%n", "version", "rps", "errors", "error rate", "p99");
        versions.values().forEach(v -> out.printf(Locale.ROOT, "  %-12s %8.1f %8d %9.1f%% %6.0fms%n", v.version(),
                v.rps(), v.errors(), v.errorRate() * 100, v.p99()));
        out.flush();
    }
}
