package io.cfkit.cfdeploy.traffic;

import com.fasterxml.jackson.databind.JsonNode;
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
        Map<String, VersionStats> versions) {

    /** What one gateway applies to the service right now. */
    public record GatewayView(String id, String configVersion, String stable, String canary, int weight,
            List<String> withoutInstances) {
    }

    public static RolloutStatus of(String service, Rollout rollout, GatewayFleet fleet) {
        List<GatewayView> views = new ArrayList<>();
        List<JsonNode> metrics = new ArrayList<>();
        for (GatewayFleet.Gateway gateway : fleet.gateways()) {
            JsonNode traffic = fleet.traffic(gateway);
            JsonNode route = traffic.path("routes").path(service);
            List<String> without = new ArrayList<>();
            route.path("withoutInstances").forEach(v -> without.add(v.asText()));
            views.add(new GatewayView(gateway.id(), traffic.path("configVersion").asText(),
                    route.path("stable").asText(null), route.path("canary").asText(null),
                    route.path("weight").asInt(0), without));
            metrics.add(fleet.metrics(gateway));
        }
        return new RolloutStatus(service, rollout, views, VersionStats.of(service, metrics));
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
                    g.stable() == null ? "no policy: all instances" : g.canary() == null ? g.stable() + " 100 %"
                            : g.stable() + " " + (100 - g.weight()) + " %, " + g.canary() + " " + g.weight() + " %",
                    g.withoutInstances().isEmpty() ? "" : "  (no healthy instance: "
                            + String.join(", ", g.withoutInstances()) + " — its share goes to the other)");
        }
        out.printf("  %-12s %8s %8s %10s %8s%n", "version", "rps", "errors", "error rate", "p99");
        versions.values().forEach(v -> out.printf(Locale.ROOT, "  %-12s %8.1f %8d %9.1f%% %6.0fms%n", v.version(),
                v.rps(), v.errors(), v.errorRate() * 100, v.p99()));
        out.flush();
    }
}
