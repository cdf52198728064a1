package io.cfkit.gateway.traffic;

import io.cfkit.gateway.routing.RibbonDefaults;
import io.cfkit.gateway.routing.RouteTable;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.TrafficPolicy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Names of the per-version ribbon clients. A service with a policy gets one client per version, all on the service's
 * Eureka VIP, each keeping only its version's instances ({@link VersionServerListFilter}); the gateway picks the
 * client per request. So the load balancing, connection pools and retries of a version never reach another version.
 */
public final class VersionClients {

    /** '@' is not used in Eureka application names, so {@code <service>@<version>} cannot be another service. */
    static final char SEPARATOR = '@';

    /** The archaius key, under {@code <client>.ribbon.}, that tells a client's filter which version it keeps. */
    public static final String VERSION_KEY = "InstanceVersion";

    /** Eureka instance metadata that names an instance's version (helloworld-service sets it from APP_VERSION). */
    public static final String METADATA_KEY = "version";

    /** The version of instances that register no {@code version} metadata. */
    public static final String UNKNOWN = "unknown";

    private VersionClients() {}

    /** An instance's version from its Eureka metadata; {@link #UNKNOWN} without one. */
    public static String versionOf(Map<String, String> metadata) {
        String version = metadata == null ? null : metadata.get(METADATA_KEY);
        return version == null || version.isBlank() ? UNKNOWN : version.trim();
    }

    public static String name(String service, String version) {
        return service + SEPARATOR + version;
    }

    /**
     * The service clients' settings ({@link RibbonDefaults#withDefaults}) plus a ribbon client per version of every
     * routed service with a traffic policy ({@link #name}). A version's client shares the service's VIP and takes the
     * service's settings (timeouts, retries, pool, circuit breaker), so a version behaves as the service did; it adds
     * the filter that keeps its version's instances. The config repo may still set a key for one version's client
     * ({@code helloworld-service@green.ribbon.ReadTimeout}); the filter and version it cannot.
     */
    public static Map<String, String> withVersionClients(
            Map<String, String> services, RouteTable routes, TrafficPolicy policy) {
        Map<String, String> effective = new TreeMap<>(services);
        for (RoutePolicy route : policy.routes().values()) {
            if (!routes.serviceIds().contains(route.service())) {
                continue;
            }
            for (String version : route.versions()) {
                String client = name(route.service(), version);
                effective.put(client + ".ribbon.NIWSServerListFilterClassName", VersionServerListFilter.class.getName());
                effective.put(client + ".ribbon." + VERSION_KEY, version);
                for (String[] prefixes : clientPrefixes(route.service(), client)) {
                    copyPrefixed(services, prefixes[0], prefixes[1], effective);
                }
            }
        }
        return effective;
    }

    /** Where archaius keeps a client's settings: ribbon's, ribbon's load balancer's and Zuul's origin keys. */
    private static List<String[]> clientPrefixes(String from, String to) {
        return List.of(
                new String[] {from + ".ribbon.", to + ".ribbon."},
                new String[] {"niws.loadbalancer." + from + ".", "niws.loadbalancer." + to + "."},
                new String[] {"zuul.origin." + from + ".", "zuul.origin." + to + "."});
    }

    private static void copyPrefixed(
            Map<String, String> source, String fromPrefix, String toPrefix, Map<String, String> target) {
        source.forEach((key, value) -> {
            if (key.startsWith(fromPrefix)) {
                target.putIfAbsent(toPrefix + key.substring(fromPrefix.length()), value);
            }
        });
    }
}
