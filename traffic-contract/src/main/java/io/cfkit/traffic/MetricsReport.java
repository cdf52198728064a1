package io.cfkit.traffic;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The answer of a gateway's {@code GET /admin/metrics}: per service and version, what that gateway instance measured
 * over its window of {@code windowSeconds}, and what its edge refused. The policy's versions are listed even before
 * their first request, with zeros.
 */
public record MetricsReport(String instance, int windowSeconds,
        SortedMap<String, SortedMap<String, VersionStats>> routes, EdgeCounts edge) {

    public static final String PATH = "/admin/metrics";

    public MetricsReport {
        SortedMap<String, SortedMap<String, VersionStats>> copy = new TreeMap<>();
        if (routes != null) {
            routes.forEach((service, versions) -> copy.put(service, new TreeMap<>(versions)));
        }
        routes = copy;
        edge = edge == null ? EdgeCounts.NONE : edge;
    }

    /** The service's versions; empty when the gateway has measured none and no policy names it. */
    public SortedMap<String, VersionStats> route(String service) {
        return routes.getOrDefault(service, new TreeMap<>());
    }

    /**
     * Requests the gateway's edge refused since start, by reason ({@code badRequest}, {@code shed}, ...), and those
     * shed per route, with the requests in flight now. A refused request reached no backend, so no version counts it.
     */
    public record EdgeCounts(int inFlight, SortedMap<String, Long> refused, SortedMap<String, Long> shedByRoute) {

        public static final EdgeCounts NONE = new EdgeCounts(0, null, null);

        public EdgeCounts {
            refused = refused == null ? new TreeMap<>() : new TreeMap<>(refused);
            shedByRoute = shedByRoute == null ? new TreeMap<>() : new TreeMap<>(shedByRoute);
        }
    }
}
