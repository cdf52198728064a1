package io.cfkit.gateway.traffic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The traffic policy of one configuration version, read from the flattened {@code traffic.*} keys that cf-deploy
 * writes to {@code edge-gateway-traffic.yml}. Immutable. A broken entry is reported and read as safely as possible
 * (a bad weight as 0, so all unpinned traffic stays on the stable version) rather than failing the whole refresh.
 */
public record TrafficPolicy(TrafficSettings settings, SortedMap<String, RoutePolicy> routes, List<String> problems) {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficPolicy.class);

    static final String PREFIX = "traffic.";
    static final String ROUTES = PREFIX + "routes.";

    public static final TrafficPolicy NONE = new TrafficPolicy(TrafficSettings.DEFAULTS, new TreeMap<>(), List.of());

    public TrafficPolicy {
        routes = Collections.unmodifiableSortedMap(new TreeMap<>(routes));
        problems = List.copyOf(problems);
    }

    /** The policy of a service, or null: then the service is served as before, by all its UP instances. */
    public RoutePolicy route(String service) {
        return routes.get(service);
    }

    public static TrafficPolicy fromProperties(Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        TrafficSettings d = TrafficSettings.DEFAULTS;
        TrafficSettings settings = new TrafficSettings(
                text(properties, PREFIX + "pin-header", d.pinHeader()),
                text(properties, PREFIX + "pin-cookie", d.pinCookie()),
                text(properties, PREFIX + "sticky-header", d.stickyHeader()),
                text(properties, PREFIX + "sticky-cookie", d.stickyCookie()),
                windowSeconds(properties, d.metricsWindowSeconds(), problems));

        Map<String, Map<String, String>> byService = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith(ROUTES)) {
                return;
            }
            String rest = key.substring(ROUTES.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                problems.add("traffic key " + key + ": expected traffic.routes.<service>.<stable|canary|weight>");
                return;
            }
            byService.computeIfAbsent(rest.substring(0, dot), s -> new TreeMap<>()).put(rest.substring(dot + 1), value);
        });

        SortedMap<String, RoutePolicy> routes = new TreeMap<>();
        byService.forEach((service, attrs) -> {
            RoutePolicy policy = route(service, attrs, problems);
            if (policy != null) {
                routes.put(service, policy);
            }
        });
        return new TrafficPolicy(settings, routes, problems);
    }

    private static RoutePolicy route(String service, Map<String, String> attrs, List<String> problems) {
        for (String name : attrs.keySet()) {
            if (!name.equals("stable") && !name.equals("canary") && !name.equals("weight")) {
                problems.add("traffic policy of " + service + ": unknown key '" + name + "'");
            }
        }
        String stable = blankToNull(attrs.get("stable"));
        String canary = blankToNull(attrs.get("canary"));
        if (stable == null) {
            problems.add("traffic policy of " + service + ": no stable version, the service is served by all its"
                    + " instances");
            return null;
        }
        if (stable.equals(canary)) {
            canary = null;
        }
        int weight = 0;
        String rawWeight = blankToNull(attrs.get("weight"));
        if (rawWeight != null) {
            try {
                weight = Integer.parseInt(rawWeight);
                if (weight < 0 || weight > 100) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add("traffic policy of " + service + ": weight '" + rawWeight + "' is not a whole percent"
                        + " from 0 to 100; using 0");
                weight = 0;
            }
        }
        if (canary == null && weight != 0) {
            problems.add("traffic policy of " + service + ": weight " + weight + " without a canary; using 0");
            weight = 0;
        }
        return new RoutePolicy(service, stable, canary, weight);
    }

    private static int windowSeconds(Map<String, String> properties, int fallback, List<String> problems) {
        String key = PREFIX + "metrics.window-seconds";
        String raw = blankToNull(properties.get(key));
        if (raw == null) {
            return fallback;
        }
        try {
            int seconds = Integer.parseInt(raw);
            if (seconds < 1 || seconds > TrafficSettings.MAX_WINDOW_SECONDS) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            problems.add(key + " '" + raw + "' is not between 1 and " + TrafficSettings.MAX_WINDOW_SECONDS
                    + "; using " + fallback);
            return fallback;
        }
    }

    private static String text(Map<String, String> properties, String key, String fallback) {
        String value = blankToNull(properties.get(key));
        return value != null ? value : fallback;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public void logProblems() {
        problems.forEach(p -> LOG.warn("Ignoring {}", p));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        routes.values().forEach(r -> parts.add(r.describe()));
        return parts.isEmpty() ? "no traffic policy" : String.join("; ", parts);
    }
}
