package io.cfkit.traffic;

/**
 * The global part of the traffic policy: which header and cookie pin a version or keep a user on one, and how long
 * the gateway's metrics window is (keys in {@link TrafficKeys}).
 */
public record TrafficSettings(
        String pinHeader, String pinCookie, String stickyHeader, String stickyCookie, int metricsWindowSeconds) {

    public static final TrafficSettings DEFAULTS =
            new TrafficSettings("X-Canary-Version", "canary-version", "X-User-Id", "SESSION", 30);

    /** A window longer than this would only cost memory: the rollout decisions look at the last minute or so. */
    public static final int MAX_WINDOW_SECONDS = 600;
}
