package io.cfkit.gateway.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One service's policy: every unpinned request to {@code stable}, except {@code weight} percent to {@code canary}.
 *
 * @param canary null when only the stable version is served
 * @param weight percent of unpinned traffic for the canary, 0 to 100; always 0 without a canary
 */
public record RoutePolicy(String service, String stable, String canary, int weight) {

    public RoutePolicy {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(stable, "stable");
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight " + weight + " is not between 0 and 100");
        }
        if (canary == null && weight != 0) {
            throw new IllegalArgumentException("weight " + weight + " without a canary");
        }
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

    public String describe() {
        return hasCanary()
                ? service + ": " + stable + " " + (100 - weight) + " %, " + canary + " " + weight + " %"
                : service + ": " + stable + " 100 %";
    }
}
