package io.cfkit.gateway.traffic;

import com.netflix.appinfo.InstanceInfo;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import com.netflix.discovery.EurekaClient;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The instances of a service by version, from the gateway's Eureka client (the copy of the registry that ribbon reads
 * too) and from what the per-version ribbon clients hold. A service id is also its Eureka VIP, as for the routes.
 */
public final class InstanceDirectory {

    /** A service's instances in the gateway's copy of the registry, UP or not. */
    @FunctionalInterface
    public interface Registry {
        /**
         * The registry copy's list as it is, not a copy: it is read for a request whose version has no ribbon client
         * yet, and for the admin endpoints.
         */
        List<InstanceInfo> instancesOf(String service);
    }

    private final Registry registry;
    private final RoutableInstances routable;

    public InstanceDirectory(Registry registry, RoutableInstances routable) {
        this.registry = registry;
        this.routable = routable;
    }

    /**
     * The Eureka client's registry copy (the one ribbon reads too).
     *
     * @param eureka may supply null while the Eureka client is not started: then no service has instances
     */
    public static Registry eurekaRegistry(Supplier<EurekaClient> eureka) {
        return service -> {
            EurekaClient client = eureka.get();
            return client == null ? List.of() : client.getInstancesByVipAddress(service, false);
        };
    }

    /**
     * How many instances of the version a request could be sent to now: what its ribbon client holds, or, before
     * the client exists (it is created by its first request, and reads the registry then), the registry's count.
     */
    public int routable(String service, String version) {
        Integer held = routable.count(VersionClients.name(service, version));
        if (held != null) {
            return held;
        }
        return upByVersion(service).getOrDefault(version, 0);
    }

    /**
     * Where a request for the service can go now ({@code host:port}, sorted): what its ribbon clients hold (its own and
     * its per-version ones), and the registry's UP instances that no client could hold yet: a client is created by
     * the first request it takes and reads the registry then. So a version no request has used yet (a new version at
     * 0 %, or any version on a gateway restarted under a traffic policy) is listed as the registry has it.
     */
    public List<String> routed(String service) {
        List<String> held = routable.servers(service);
        List<String> routed = held == null ? new ArrayList<>() : new ArrayList<>(held);
        boolean ownClient = routable.count(service) != null;
        for (InstanceInfo instance : instances(service)) {
            String address = instance.getIPAddr() + ":" + instance.getPort();
            String version = VersionClients.versionOf(instance.getMetadata());
            boolean noClientYet = !ownClient && routable.count(VersionClients.name(service, version)) == null;
            if (instance.getStatus() == InstanceStatus.UP && noClientYet && !routed.contains(address)) {
                routed.add(address);
            }
        }
        routed.sort(null);
        return routed;
    }

    /** UP instances per version ({@code unknown} for instances without version metadata), sorted by version. */
    public SortedMap<String, Integer> upByVersion(String service) {
        SortedMap<String, Integer> counts = new TreeMap<>();
        for (InstanceInfo instance : instances(service)) {
            if (instance.getStatus() == InstanceStatus.UP) {
                counts.merge(VersionClients.versionOf(instance.getMetadata()), 1, Integer::sum);
            }
        }
        return counts;
    }

    private List<InstanceInfo> instances(String service) {
        return registry.instancesOf(service);
    }
}
