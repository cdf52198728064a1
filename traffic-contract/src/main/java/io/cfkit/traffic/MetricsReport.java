package io.cfkit.traffic;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The answer of a gateway's {@code GET /admin/metrics}: per service and version, what that gateway instance measured
 * over its window of {@code windowSeconds}. The policy's versions are listed even before their first request, with
 * zeros.
 */
public record MetricsReport(String instance, int windowSeconds,
        SortedMap<String, SortedMap<String, VersionStats>> routes) {

    public static final String PATH = "/admin/metrics";

    public MetricsReport {
        SortedMap<String, SortedMap<String, VersionStats>> copy = new TreeMap<>();
        if (routes != null) {
            routes.forEach((service, versions) -> copy.put(service, new TreeMap<>(versions)));
        }
        routes = copy;
    }

    /** The service's versions; empty when the gateway has measured none and no policy names it. */
    public SortedMap<String, VersionStats> route(String service) {
        return routes.getOrDefault(service, new TreeMap<>());
    }
}
