package io.cfkit.traffic;

/**
 * The key names of {@code edge-gateway-traffic.yml}, as nested YAML and as the flattened properties the config server
 * serves: {@code traffic.routes.<service>.stable|canary|weight}, and the optional global keys
 * {@code traffic.pin-header}, {@code traffic.pin-cookie}, {@code traffic.sticky-header}, {@code traffic.sticky-cookie},
 * {@code traffic.metrics.window-seconds}.
 */
public final class TrafficKeys {

    public static final String TRAFFIC = "traffic";
    public static final String ROUTES = "routes";
    public static final String STABLE = "stable";
    public static final String CANARY = "canary";
    public static final String WEIGHT = "weight";
    public static final String PIN_HEADER = "pin-header";
    public static final String PIN_COOKIE = "pin-cookie";
    public static final String STICKY_HEADER = "sticky-header";
    public static final String STICKY_COOKIE = "sticky-cookie";
    public static final String METRICS = "metrics";
    public static final String WINDOW_SECONDS = "window-seconds";

    /** Flattened: {@code traffic.} */
    public static final String PREFIX = TRAFFIC + ".";
    /** Flattened: {@code traffic.routes.} */
    public static final String ROUTES_PREFIX = PREFIX + ROUTES + ".";
    /** Flattened: {@code traffic.metrics.window-seconds} */
    public static final String METRICS_WINDOW_SECONDS = PREFIX + METRICS + "." + WINDOW_SECONDS;

    private TrafficKeys() {}
}
