package io.cfkit.gateway.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of one configuration version. Immutable, so a request thread reads it without locks while a refresh
 * builds the next one.
 */
public final class RouteTable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);

    static final String PREFIX = "zuul.routes.";

    public static final RouteTable EMPTY = new RouteTable(List.of(), List.of());

    /** Longest prefix first, so that the first match is the most specific route. */
    private final List<Route> bySpecificity;

    private final List<String> problems;

    private RouteTable(List<Route> routes, List<String> problems) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> r.prefix().length())
                .reversed()
                .thenComparing(r -> r.wildcard() ? 1 : 0)
                .thenComparing(Route::name));
        this.bySpecificity = List.copyOf(sorted);
        this.problems = List.copyOf(problems);
    }

    /**
     * Reads {@code zuul.routes.<name>.path}, {@code .service-id} (default {@code <name>}) and {@code .strip-prefix}
     * (default true). Spring's camel-case spellings are accepted too, as the seed's config repo may use either.
     * A broken route is left out and reported, so one typo does not take the other routes down.
     */
    public static RouteTable fromProperties(Map<String, String> properties) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) {
                return;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                return;
            }
            byName.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>())
                    .put(rest.substring(dot + 1), value);
        });

        List<Route> routes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> seenPrefixes = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> entry : byName.entrySet()) {
            String name = entry.getKey();
            Map<String, String> attrs = entry.getValue();
            String path = attrs.get("path");
            if (path == null || path.isBlank()) {
                if (attrs.containsKey("url")) {
                    problems.add("route " + name + ": 'url' routes are not supported, use a Eureka service-id");
                } else {
                    problems.add("route " + name + ": no path");
                }
                continue;
            }
            String serviceId = first(attrs, name, "service-id", "serviceId", "service_id");
            String strip = first(attrs, "true", "strip-prefix", "stripPrefix", "strip_prefix");
            try {
                Route route = Route.of(name, path, serviceId, !"false".equalsIgnoreCase(strip.trim()));
                String key = route.prefix() + (route.wildcard() ? "/**" : "");
                String other = seenPrefixes.putIfAbsent(key, name);
                if (other != null) {
                    problems.add("route " + name + ": path " + path + " is already routed by " + other);
                    continue;
                }
                routes.add(route);
            } catch (IllegalArgumentException e) {
                problems.add("route " + name + ": " + e.getMessage());
            }
        }
        return new RouteTable(routes, problems);
    }

    private static String first(Map<String, String> attrs, String fallback, String... keys) {
        for (String key : keys) {
            String value = attrs.get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return fallback;
    }

    /** The most specific route for the path, or null. */
    public RouteMatch match(String path) {
        for (Route route : bySpecificity) {
            String rewritten = route.rewrite(path);
            if (rewritten != null) {
                return new RouteMatch(route, rewritten);
            }
        }
        return null;
    }

    public List<Route> routes() {
        return bySpecificity;
    }

    /** Every service id that some route sends traffic to. */
    public TreeSet<String> serviceIds() {
        TreeSet<String> ids = new TreeSet<>();
        bySpecificity.forEach(r -> ids.add(r.serviceId()));
        return ids;
    }

    public List<String> problems() {
        return problems;
    }

    public void logProblems() {
        problems.forEach(p -> LOG.warn("Ignoring {}", p));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Route r : bySpecificity) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(r.path()).append(" -> ").append(r.serviceId());
        }
        return sb.toString();
    }
}
