package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.traffic.MetricsReport;
import io.cfkit.traffic.VersionStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One gateway that applies every commit at once, unless told to time out on a commit or not to reach a version;
 * its metrics are what the test gives it.
 */
final class FakeGateways implements TrafficGateways {

    private final Set<Integer> convergeFailures = new HashSet<>();
    private final Set<String> unreachable = new HashSet<>();
    private final List<String> converged = new ArrayList<>();
    private final SortedMap<String, SortedMap<String, VersionStats>> routes = new TreeMap<>();
    private int converges;

    /** The n-th converge from now on (1 = the next) times out. */
    void timeOutOnConverge(int n) {
        convergeFailures.add(converges + n);
    }

    void unreachable(String version) {
        unreachable.add(version);
    }

    void reachable(String version) {
        unreachable.remove(version);
    }

    /** What the gateway measures for a version of a service over its window. */
    void measure(String service, String version, long requests, long errors, double p99) {
        routes.computeIfAbsent(service, s -> new TreeMap<>()).put(version, new VersionStats(requests, requests / 10.0,
                errors, 0, requests == 0 ? 0 : (double) errors / requests, p99 / 2, p99, p99, requests, errors));
    }

    /** The commits the gateway was checked to apply, oldest first. */
    List<String> converged() {
        return List.copyOf(converged);
    }

    @Override
    public void converge(String commit, Commits commits, Duration timeout, PrintWriter out) {
        converges++;
        if (convergeFailures.contains(converges)) {
            throw new UserError("gateway g1 did not apply " + commit + " within " + timeout.toSeconds() + " s");
        }
        converged.add(commit);
    }

    @Override
    public void awaitVersionReachable(String service, String version, Duration timeout) {
        if (unreachable.contains(version)) {
            throw new UserError("gateway g1 reaches no instance of " + service + " " + version + " within "
                    + timeout.toSeconds() + " s");
        }
    }

    @Override
    public List<MetricsReport> metrics() {
        return List.of(new MetricsReport("g1", 30, routes, null));
    }
}
