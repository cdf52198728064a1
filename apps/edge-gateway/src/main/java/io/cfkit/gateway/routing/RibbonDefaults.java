package io.cfkit.gateway.routing;

import io.cfkit.gateway.traffic.RoutePolicy;
import io.cfkit.gateway.traffic.TrafficPolicy;
import io.cfkit.gateway.traffic.VersionClients;
import io.cfkit.gateway.traffic.VersionServerListFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ribbon keys Zuul needs for an origin found through Eureka. Without the first three, Zuul's origin falls back to
 * a server list that is not discovery-aware and every request fails with a ClassCastException (HTTP 500). The config
 * repo may set any of them; its value wins.
 */
public final class RibbonDefaults {

    public static final String SERVER_LIST_CLASS = "com.netflix.niws.loadbalancer.DiscoveryEnabledNIWSServerList";

    private RibbonDefaults() {}

    /**
     * Defaults for one ribbon client. The client name and the VIP are separate so that later several clients (one
     * per version, each with its own server-list filter) can share a VIP.
     */
    public static Map<String, String> forClient(String clientName, String vipAddress) {
        String p = clientName + ".ribbon.";
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(p + "NIWSServerListClassName", SERVER_LIST_CLASS);
        keys.put(p + "DeploymentContextBasedVipAddresses", vipAddress);
        keys.put(p + "UseIPAddrForServer", "true");
        keys.put(p + "NIWSServerListFilterClassName", StableOrderServerListFilter.class.getName());
        // Ribbon polls the Eureka client's local copy; 1 s here plus the 1 s registry fetch keeps a new
        // instance's wait for traffic around two seconds.
        keys.put(p + "ServerListRefreshInterval", "1000");
        // A GET whose instance refuses or resets the connection is tried once more on another instance.
        keys.put(p + "MaxAutoRetriesNextServer", "1");
        // ...and "another" must mean another: without this the retry is chosen round-robin among all servers,
        // the dead one included, until three connection failures trip its circuit. With a threshold of 1 the
        // first refused connection takes the instance out of rotation for 2 s (doubling while it stays down),
        // so the retry goes elsewhere; Eureka evicts it for good a few seconds later.
        keys.put("niws.loadbalancer." + clientName + ".connectionFailureCountThreshold", "1");
        keys.put("niws.loadbalancer." + clientName + ".circuitTripTimeoutFactorSeconds", "2");
        // Measured: Zuul's 4 idle connections per server cause connection churn that doubles the backend's work,
        // and 50 connections per host turn bursts of ~128 concurrent clients into 503s.
        keys.put(p + "PerServerWaterline", "32");
        keys.put(p + "MaxConnectionsPerHost", "1000");
        return keys;
    }

    /** The configuration plus the defaults of every routed service, config values first. */
    public static Map<String, String> withDefaults(Map<String, String> config, RouteTable routes) {
        return withDefaults(config, routes, TrafficPolicy.NONE);
    }

    /**
     * The configuration, the defaults of every routed service, and a ribbon client per version of every routed
     * service with a traffic policy ({@link VersionClients#name}). A version's client shares the service's VIP and
     * takes the service's settings (timeouts, retries, pool, circuit breaker), so a version behaves as the service
     * did; it adds the filter that keeps its version's instances. The config repo may still set a key for one
     * version's client ({@code helloworld-service@green.ribbon.ReadTimeout}); the filter and version it cannot.
     */
    public static Map<String, String> withDefaults(Map<String, String> config, RouteTable routes, TrafficPolicy policy) {
        Map<String, String> effective = new TreeMap<>(config);
        for (String serviceId : routes.serviceIds()) {
            forClient(serviceId, serviceId).forEach(effective::putIfAbsent);
        }
        Map<String, String> services = new TreeMap<>(effective);
        for (RoutePolicy route : policy.routes().values()) {
            if (!routes.serviceIds().contains(route.service())) {
                continue;
            }
            for (String version : route.versions()) {
                String client = VersionClients.name(route.service(), version);
                effective.put(client + ".ribbon.NIWSServerListFilterClassName", VersionServerListFilter.class.getName());
                effective.put(client + ".ribbon." + VersionClients.VERSION_KEY, version);
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
