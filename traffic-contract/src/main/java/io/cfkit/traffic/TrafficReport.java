package io.cfkit.traffic;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The answer of a gateway's {@code GET /admin/traffic}: the policy as that gateway instance applies it now and the
 * configuration version (config repo commit) it came from, so cf-deploy can check that every instance has taken a
 * commit.
 *
 * @param routes per service, every service the gateway routes or the policy names
 */
public record TrafficReport(String instance, String configVersion, SortedMap<String, RouteReport> routes) {

    public static final String PATH = "/admin/traffic";

    public TrafficReport {
        routes = routes == null ? new TreeMap<>() : new TreeMap<>(routes);
    }

    /** The service as reported; a service the gateway does not know reads as one with no policy. */
    public RouteReport route(String service) {
        return routes.getOrDefault(service, RouteReport.NO_POLICY);
    }

    /**
     * One service on one gateway. {@code stable} is null when no policy names the service (then all its instances
     * serve it).
     *
     * @param versions UP instances per version (for the policy's versions: those its per-version client can reach)
     * @param withoutInstances the policy's versions that get no traffic because no instance of theirs can take it
     */
    public record RouteReport(String stable, String canary, int weight, SortedMap<String, VersionInstances> versions,
            List<String> withoutInstances) {

        static final RouteReport NO_POLICY = new RouteReport(null, null, 0, null, null);

        public RouteReport {
            versions = versions == null ? new TreeMap<>() : new TreeMap<>(versions);
            withoutInstances = withoutInstances == null ? List.of() : List.copyOf(withoutInstances);
        }

        public static RouteReport of(RoutePolicy policy, Map<String, Integer> upByVersion,
                List<String> withoutInstances) {
            SortedMap<String, VersionInstances> versions = new TreeMap<>();
            upByVersion.forEach((version, up) -> versions.put(version, new VersionInstances(up)));
            return policy == null
                    ? new RouteReport(null, null, 0, versions, withoutInstances)
                    : new RouteReport(policy.stable(), policy.canary(), policy.weight(), versions, withoutInstances);
        }

        /** The policy this gateway applies to the service; null when it applies none. */
        public RoutePolicy policy(String service) {
            return stable == null ? null : new RoutePolicy(service, stable, canary, weight);
        }

        public int up(String version) {
            VersionInstances instances = versions.get(version);
            return instances == null ? 0 : instances.up();
        }
    }

    /** How many instances of a version are UP for the gateway. */
    public record VersionInstances(int up) {
    }
}
