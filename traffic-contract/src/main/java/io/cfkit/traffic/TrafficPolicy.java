package io.cfkit.traffic;

import static io.cfkit.traffic.TrafficKeys.CANARY;
import static io.cfkit.traffic.TrafficKeys.METRICS_WINDOW_SECONDS;
import static io.cfkit.traffic.TrafficKeys.PREFIX;
import static io.cfkit.traffic.TrafficKeys.ROUTES_PREFIX;
import static io.cfkit.traffic.TrafficKeys.STABLE;
import static io.cfkit.traffic.TrafficKeys.WEIGHT;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The whole traffic policy of one configuration version: the global settings and the policy of each service.
 * Immutable. Read from the flattened {@code traffic.*} properties the config server serves (see {@link PolicyFile}
 * for the file itself). A broken entry is reported in {@code problems} and read as safely as possible (a bad weight
 * as 0, so all unpinned traffic stays on the stable version) rather than failing the whole policy.
 */
public record TrafficPolicy(TrafficSettings settings, SortedMap<String, RoutePolicy> routes, List<String> problems) {

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
                text(properties, PREFIX + TrafficKeys.PIN_HEADER, d.pinHeader()),
                text(properties, PREFIX + TrafficKeys.PIN_COOKIE, d.pinCookie()),
                text(properties, PREFIX + TrafficKeys.STICKY_HEADER, d.stickyHeader()),
                text(properties, PREFIX + TrafficKeys.STICKY_COOKIE, d.stickyCookie()),
                windowSeconds(properties, d.metricsWindowSeconds(), problems));

        Map<String, Map<String, String>> byService = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith(ROUTES_PREFIX)) {
                return;
            }
            String rest = key.substring(ROUTES_PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                problems.add("traffic key " + key + ": expected " + ROUTES_PREFIX + "<service>.<" + STABLE + "|"
                        + CANARY + "|" + WEIGHT + ">");
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
            if (!name.equals(STABLE) && !name.equals(CANARY) && !name.equals(WEIGHT)) {
                problems.add("traffic policy of " + service + ": unknown key '" + name + "'");
            }
        }
        String stable = blankToNull(attrs.get(STABLE));
        String canary = blankToNull(attrs.get(CANARY));
        if (stable == null) {
            problems.add("traffic policy of " + service + ": no stable version, the service is served by all its"
                    + " instances");
            return null;
        }
        if (stable.equals(canary)) {
            canary = null;
        }
        int weight = 0;
        String rawWeight = blankToNull(attrs.get(WEIGHT));
        if (rawWeight != null) {
            try {
                weight = Integer.parseInt(rawWeight);
                if (!RoutePolicy.isWeight(weight)) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add("traffic policy of " + service + ": weight '" + rawWeight + "' is not a whole percent"
                        + " from 0 to " + RoutePolicy.MAX_WEIGHT + "; using 0");
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
        String raw = blankToNull(properties.get(METRICS_WINDOW_SECONDS));
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
            problems.add(METRICS_WINDOW_SECONDS + " '" + raw + "' is not between 1 and "
                    + TrafficSettings.MAX_WINDOW_SECONDS + "; using " + fallback);
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

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        routes.values().forEach(r -> parts.add(r.service() + ": " + r.describe()));
        return parts.isEmpty() ? "no traffic policy" : String.join("; ", parts);
    }
}
