package io.cfkit.gateway.traffic;

import io.cfkit.gateway.traffic.Decision.Reason;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.TrafficPolicy;
import io.cfkit.traffic.TrafficSettings;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies the traffic policy per request: pin, else sticky bucket, else smooth weighted round-robin; a version with
 * no instance gets nothing and the other version takes its share. The policy is swapped whole on refresh; a route
 * whose versions and weight did not change keeps its round-robin state, any other starts afresh.
 */
public final class TrafficRouter {

    /** Availability of a version: how many instances a request sent to it could reach now. */
    @FunctionalInterface
    public interface Availability {
        int routable(String service, String version);
    }

    private record RouteState(RoutePolicy policy, SmoothWeightedRoundRobin<String> rotation) {

        static RouteState of(RoutePolicy policy) {
            Map<String, Integer> weights = new LinkedHashMap<>();
            weights.put(policy.stable(), 100 - policy.weight());
            if (policy.hasCanary()) {
                weights.put(policy.canary(), policy.weight());
            }
            return new RouteState(policy, new SmoothWeightedRoundRobin<>(weights));
        }
    }

    private record Applied(TrafficPolicy policy, Map<String, RouteState> routes) {}

    private final Availability availability;
    private final AtomicReference<Applied> current =
            new AtomicReference<>(new Applied(TrafficPolicy.NONE, Map.of()));

    public TrafficRouter(Availability availability) {
        this.availability = availability;
    }

    /** Called by the config refresher before it answers, so a POST /admin/refresh returns with the policy in force. */
    public synchronized void apply(TrafficPolicy policy) {
        Applied before = current.get();
        if (before.policy().equals(policy)) {
            return;
        }
        Map<String, RouteState> routes = new HashMap<>();
        policy.routes().forEach((service, route) -> {
            RouteState kept = before.routes().get(service);
            routes.put(service, kept != null && kept.policy().equals(route) ? kept : RouteState.of(route));
        });
        current.set(new Applied(policy, Map.copyOf(routes)));
    }

    public TrafficPolicy policy() {
        return current.get().policy();
    }

    public Decision decide(String service, RequestKeys request) {
        Applied applied = current.get();
        RouteState state = applied.routes().get(service);
        if (state == null) {
            return Decision.UNMANAGED;
        }
        RoutePolicy policy = state.policy();
        TrafficSettings settings = applied.policy().settings();

        String pin = headerOrCookie(request, settings.pinHeader(), settings.pinCookie());
        if (pin != null && policy.names(pin)) {
            return availability.routable(service, pin) > 0
                    ? routed(service, pin, Reason.PINNED)
                    : new Decision.PinnedWithoutInstance(service, pin);
        }

        String chosen;
        Reason reason;
        String sticky;
        if (!policy.hasCanary()) {
            chosen = policy.stable();
            reason = Reason.WEIGHTED;
        } else if ((sticky = headerOrCookie(request, settings.stickyHeader(), settings.stickyCookie())) != null) {
            chosen = StickyBucket.of(sticky) < policy.weight() ? policy.canary() : policy.stable();
            reason = Reason.STICKY;
        } else {
            chosen = state.rotation().next();
            reason = Reason.WEIGHTED;
        }

        if (availability.routable(service, chosen) == 0) {
            String other = policy.other(chosen);
            if (other != null && availability.routable(service, other) > 0) {
                return routed(service, other, Reason.FALLBACK);
            }
            // Neither version has an instance: the chosen one's client answers 503 "no instance ... is up".
        }
        return routed(service, chosen, reason);
    }

    /** The policy's versions that get no traffic now because no instance could take it; stable first. */
    public List<String> withoutInstances(RoutePolicy policy) {
        return policy.versions().stream()
                .filter(v -> availability.routable(policy.service(), v) == 0)
                .toList();
    }

    private static Decision routed(String service, String version, Reason reason) {
        return new Decision.Routed(service, version, VersionClients.name(service, version), reason);
    }

    /** The header's value, else the cookie's (parsed only when needed); blank counts as absent. */
    private static String headerOrCookie(RequestKeys request, String header, String cookie) {
        String value = request.header(header);
        if (value == null || value.isBlank()) {
            value = request.cookie(cookie);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
