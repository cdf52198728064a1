package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.UserError;

/**
 * How the gateway splits one service's traffic: every request to {@code stable}, but for {@code weight}
 * percent to {@code canary}. Requests pinned by header or cookie go to the version they name.
 */
public record TrafficPolicy(String stable, String canary, int weight) {

    public TrafficPolicy {
        if (stable == null || stable.isBlank()) {
            throw new IllegalArgumentException("a traffic policy needs a stable version");
        }
        checkWeight(weight);
        if (canary == null && weight != 0) {
            throw new IllegalArgumentException("weight " + weight + " without a canary");
        }
    }

    public static TrafficPolicy stableOnly(String version) {
        return new TrafficPolicy(version, null, 0);
    }

    public TrafficPolicy withCanary(String version, int canaryWeight) {
        return new TrafficPolicy(stable, version, canaryWeight);
    }

    public TrafficPolicy withWeight(int canaryWeight) {
        return new TrafficPolicy(stable, canary, canaryWeight);
    }

    public boolean hasCanary() {
        return canary != null;
    }

    public static void checkWeight(int weight) {
        if (weight < 0 || weight > 100) {
            throw new UserError("weight " + weight + " is outside 0-100: give the canary's percent of traffic");
        }
    }

    public String describe() {
        return hasCanary() ? stable + " " + (100 - weight) + " %, " + canary + " " + weight + " %" : stable + " 100 %";
    }
}
