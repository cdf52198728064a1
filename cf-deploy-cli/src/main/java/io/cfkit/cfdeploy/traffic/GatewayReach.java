package io.cfkit.cfdeploy.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfkit.cfdeploy.Poller;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.traffic.GatewayFleet.Gateway;
import io.cfkit.cfdeploy.traffic.GatewayFleet.Registration;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the gateways reach the instances that run: asked after a command starts instances, so that it returns
 * only when a user's first request through the gateway is answered by them.
 *
 * <p>Reached means, for every instance that registers in Eureka: it is UP there; and on every gateway the platform
 * runs, if it is an instance of a routed service, the gateway's load balancer for it holds it
 * ({@code GET /admin/routes}, which lists what ribbon holds rather than the registry copy ribbon follows up to a
 * second later), so the next requests take it in turn, and a plain GET through the route is answered by an instance
 * rather than by the gateway (not 502, 503 or 504, the gateway's answers when it reaches no instance).
 */
public final class GatewayReach {

    /** An instance the platform runs: its app, index and port, to find it in Eureka and in the gateways' routes. */
    public record RunningInstance(String app, int index, int port) {

        @Override
        public String toString() {
            return app + "/" + index;
        }
    }

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Set<Integer> NOT_REACHED = Set.of(-1, 502, 503, 504);

    private final GatewayFleet fleet;

    public GatewayReach(GatewayFleet fleet) {
        this.fleet = fleet;
    }

    /** Waits until the gateways reach every instance given; else throws, saying which app they do not reach. */
    public void await(List<RunningInstance> instances, Duration timeout, PrintWriter out) {
        long start = System.nanoTime();
        List<String> missing = new ArrayList<>();
        Poller.every(POLL, timeout).await(() -> {
            missing.clear();
            missing.addAll(unreached(instances));
            return missing.isEmpty();
        }, () -> "the gateway does not reach " + String.join("; ", missing) + " after " + timeout.toSeconds() + " s");
        if (!instances.isEmpty()) {
            out.printf("  every gateway reaches the instances behind it (%.1f s)%n", (System.nanoTime() - start) / 1e9);
            out.flush();
        }
    }

    /** What is not reached yet, one entry per instance or gateway route, saying why. */
    List<String> unreached(List<RunningInstance> instances) {
        List<Registration> registry;
        try {
            registry = fleet.registrations();
        } catch (UserError e) {
            return List.of("Eureka: " + e.getMessage());
        }
        List<String> missing = new ArrayList<>();
        List<Registration> registered = new ArrayList<>();
        for (RunningInstance instance : instances) {
            Optional<Registration> found = registry.stream().filter(r -> r.port() == instance.port() && r.up())
                    .findFirst();
            if (found.isEmpty()) {
                missing.add(instance + " (127.0.0.1:" + instance.port() + "): not UP in Eureka");
            } else {
                registered.add(found.get());
            }
        }
        List<Gateway> gateways;
        try {
            gateways = fleet.gateways();
        } catch (UserError e) {
            return List.of(e.getMessage());
        }
        for (Gateway gateway : gateways) {
            missing.addAll(unreached(gateway, instances, registered));
        }
        return missing;
    }

    private List<String> unreached(Gateway gateway, List<RunningInstance> instances, List<Registration> registered) {
        JsonNode routes;
        try {
            routes = fleet.routes(gateway).path("routes");
        } catch (UserError e) {
            return List.of(gateway.id() + ": " + e.getMessage());
        }
        List<String> missing = new ArrayList<>();
        for (JsonNode route : routes) {
            String service = route.path("serviceId").asText();
            List<Registration> behind = registered.stream().filter(r -> r.vip().equalsIgnoreCase(service)).toList();
            if (behind.isEmpty()) {
                continue;
            }
            for (Registration instance : behind) {
                if (!lists(route.path("instances"), instance.port())) {
                    missing.add(nameOf(instance, instances) + " on " + gateway.id() + ": not in its load balancer yet");
                }
            }
            String path = requestPath(route.path("path").asText());
            int status = fleet.statusThrough(gateway, path);
            if (NOT_REACHED.contains(status)) {
                missing.add(service + " through " + gateway.id() + " (GET " + path + "): "
                        + (status == -1 ? "no answer" : "answered " + status));
            }
        }
        return missing;
    }

    private static boolean lists(JsonNode addresses, int port) {
        for (JsonNode address : addresses) {
            if (address.asText().endsWith(":" + port)) {
                return true;
            }
        }
        return false;
    }

    private static String nameOf(Registration registration, List<RunningInstance> instances) {
        return instances.stream().filter(i -> i.port() == registration.port()).findFirst()
                .map(RunningInstance::toString).orElse(registration.id());
    }

    /** The path a user's request to the route would have: {@code /hello/**} is reached at {@code /hello/}. */
    static String requestPath(String routePath) {
        String path = routePath.replaceAll("\\*+$", "");
        return path.isEmpty() ? "/" : path;
    }
}
