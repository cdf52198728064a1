package io.cfkit.traffic;

import java.util.ArrayList;
import java.util.List;

/**
 * One service's policy: every unpinned request to {@code stable}, except {@code weight} percent to {@code canary}.
 * Requests pinned by header or cookie go to the version they name, if it is one of the two.
 *
 * @param canary null when only the stable version is served
 * @param weight percent of unpinned traffic for the canary, 0 to 100; always 0 without a canary
 */
public record RoutePolicy(String service, String stable, String canary, int weight) {

    public static final int MAX_WEIGHT = 100;

    public RoutePolicy {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("a traffic policy needs a service");
        }
        if (stable == null || stable.isBlank()) {
            throw new IllegalArgumentException("the traffic policy of " + service + " needs a stable version");
        }
        if (!isWeight(weight)) {
            throw new IllegalArgumentException(weightProblem(weight));
        }
        if (stable.equals(canary)) {
            throw new IllegalArgumentException("the traffic policy of " + service + " names " + stable
                    + " as both stable and canary");
        }
        if (canary == null && weight != 0) {
            throw new IllegalArgumentException("weight " + weight + " without a canary in the traffic policy of "
                    + service);
        }
    }

    public static RoutePolicy stableOnly(String service, String version) {
        return new RoutePolicy(service, version, null, 0);
    }

    public RoutePolicy withCanary(String version, int canaryWeight) {
        return new RoutePolicy(service, stable, version, canaryWeight);
    }

    public RoutePolicy withWeight(int canaryWeight) {
        return new RoutePolicy(service, stable, canary, canaryWeight);
    }

    public static boolean isWeight(int weight) {
        return weight >= 0 && weight <= MAX_WEIGHT;
    }

    public static String weightProblem(int weight) {
        return "weight " + weight + " is outside 0-" + MAX_WEIGHT + ": give the canary's percent of traffic";
    }

    public boolean hasCanary() {
        return canary != null;
    }

    /** Whether a pin naming {@code version} is honoured: only the two versions of the policy can be pinned. */
    public boolean names(String version) {
        return stable.equals(version) || version.equals(canary);
    }

    /** The version that takes a request its first choice cannot serve; null without a canary. */
    public String other(String version) {
        if (!hasCanary()) {
            return null;
        }
        return stable.equals(version) ? canary : stable;
    }

    /** Stable first. */
    public List<String> versions() {
        List<String> versions = new ArrayList<>(2);
        versions.add(stable);
        if (hasCanary()) {
            versions.add(canary);
        }
        return versions;
    }

    /** The split, such as {@code v1 90 %, v2 10 %}. */
    public String describe() {
        return hasCanary() ? stable + " " + (MAX_WEIGHT - weight) + " %, " + canary + " " + weight + " %"
                : stable + " " + MAX_WEIGHT + " %";
    }
}
