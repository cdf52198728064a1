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
     * What one gateway applies to the service right now, as {@code status --json} shows it.
     *
     * @param stable null when the gateway applies no policy to the service (all its instances serve it)
     */
    public record GatewayView(String id, String configVersion, String stable, String canary, int weight,
            List<String> withoutInstances) {

        static GatewayView of(String id, TrafficReport traffic, String service) {
            TrafficReport.RouteReport route = traffic.route(service);
            return new GatewayView(id, traffic.configVersion(), route.stable(), route.canary(), route.weight(),
                    route.withoutInstances());
        }

        /** The split, or that the gateway applies no policy to the service. */
        String split(String service) {
            return stable == null ? "no policy: all instances"
                    : new RoutePolicy(service, stable, canary, weight).describe();
        }
    }

    public static RolloutStatus of(String service, Rollout rollout, GatewayFleet fleet) {
        List<GatewayView> views = new ArrayList<>();
        List<MetricsReport> metrics = new ArrayList<>();
        for (GatewayFleet.Gateway gateway : fleet.gateways()) {
            views.add(GatewayView.of(gateway.id(), fleet.traffic(gateway), service));
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
                    g.split(service),
                    g.withoutInstances().isEmpty() ? "" : "  (no healthy instance: "
                            + String.join(", ", g.withoutInstances()) + " — its share goes to the other)");
        }
        out.printf("  %-12s %8s %8s %10s %8s%n", "version", "rps", "errors", "error rate", "p99");
        versions.values().stream().filter(this::shown).forEach(v -> out.printf(Locale.ROOT,
                "  %-12s %8.1f %8d %9.1f%% %6.0fms%n", v.version(), v.rps(), v.errors(), v.errorRate() * 100, v.p99()));
        out.flush();
    }

    /**
     * A line for each version the gateways route to, and for any other that answered within the metrics window: a
     * gateway keeps counting every version it ever saw (for instance {@code unknown}, the requests no instance
     * answered before the kit was up), which is noise here once its window is empty.
     */
    private boolean shown(FleetVersionStats version) {
        return version.requests() > 0 || gateways.stream()
                .anyMatch(g -> version.version().equals(g.stable()) || version.version().equals(g.canary()));
    }
}
