package io.cfkit.gateway.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ribbon keys Zuul needs for an origin found through Eureka. Without the first three, Zuul's origin falls back to
 * a server list that is not discovery-aware and every request fails with a ClassCastException (HTTP 500). The config
 * repo may set any of them; its value wins.
 */
public final class RibbonDefaults {

    public static final String SERVER_LIST_CLASS = "com.netflix.niws.loadbalancer.DiscoveryEnabledNIWSServerList";
    public static final String SERVER_LIST_UPDATER_CLASS =
            "com.netflix.niws.loadbalancer.EurekaNotificationServerListUpdater";

    private RibbonDefaults() {}

    /**
     * Defaults for one ribbon client. The client name and the VIP are separate so that several clients (one per
     * version, each with its own server-list filter, see {@code traffic.VersionClients}) can share a VIP.
     */
    public static Map<String, String> forClient(String clientName, String vipAddress) {
        String p = clientName + ".ribbon.";
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(p + "NIWSServerListClassName", SERVER_LIST_CLASS);
        keys.put(p + "DeploymentContextBasedVipAddresses", vipAddress);
        keys.put(p + "UseIPAddrForServer", "true");
        keys.put(p + "NIWSServerListFilterClassName", StableOrderServerListFilter.class.getName());
        // The servers' statistics without a Guava cache read per look-up, two or three look-ups per request.
        keys.put(p + "NFLoadBalancerStatsClassName", HeldServerStats.class.getName());
        // Ribbon re-reads the Eureka client's copy as each registry fetch (every second) completes, instead of on a
        // timer of its own: two independent 1 s timers in a row made a new instance wait up to 2 s for traffic,
        // and measured 2009 ms once (docs/performance.md, bench/idle).
        keys.put(p + "ServerListUpdaterClassName", SERVER_LIST_UPDATER_CLASS);
        // A GET whose instance refuses or resets the connection is tried once more on another instance.
        keys.put(p + "MaxAutoRetriesNextServer", "1");
        // ...and "another" must mean another: without this the retry is chosen round-robin among all servers,
        // the dead one included, until three connection failures trip its circuit. With a threshold of 1 the
        // first refused connection takes the instance out of rotation for 2 s (doubling while it stays down),
        // so the retry goes elsewhere; Eureka evicts it for good a few seconds later.
        keys.put("niws.loadbalancer." + clientName + ".connectionFailureCountThreshold", "1");
        keys.put("niws.loadbalancer." + clientName + ".circuitTripTimeoutFactorSeconds", "2");
        return keys;
    }

    /** The configuration plus the defaults of every routed service, config values first. */
    public static Map<String, String> withDefaults(Map<String, String> config, RouteTable routes) {
        Map<String, String> effective = new TreeMap<>(config);
        for (String serviceId : routes.serviceIds()) {
            forClient(serviceId, serviceId).forEach(effective::putIfAbsent);
        }
        return effective;
    }
}
