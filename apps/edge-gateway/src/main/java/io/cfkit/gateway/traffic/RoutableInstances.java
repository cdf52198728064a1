package io.cfkit.gateway.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The instances ({@code host:port}) each ribbon client holds, as its server-list filter last reported them. This, not
 * the Eureka client's registry, says where a request can go: ribbon refreshes its list only after the registry fetch
 * completes, so a version whose client's list is still empty would fail with 503, and a new instance listed in the
 * registry may get no request yet.
 *
 * <p>Ribbon creates filters by class name, so they find this object through a static holder. Each gateway installs a
 * fresh one at start; a filter keeps the one installed when it was created, so the load balancers of a stopped
 * gateway in the same JVM (tests) never report into the running one.
 */
public final class RoutableInstances {

    private static volatile RoutableInstances installed = new RoutableInstances();

    private final ConcurrentMap<String, List<String>> serversByClient = new ConcurrentHashMap<>();

    public static RoutableInstances installNew() {
        RoutableInstances fresh = new RoutableInstances();
        installed = fresh;
        return fresh;
    }

    /** The one the running gateway installed: for the server-list filters ribbon creates. */
    public static RoutableInstances installed() {
        return installed;
    }

    public void report(String client, List<String> servers) {
        serversByClient.put(client, List.copyOf(servers));
    }

    /** The client's last count, or null when the client has not been created yet (no request has used it). */
    public Integer count(String client) {
        List<String> servers = serversByClient.get(client);
        return servers == null ? null : servers.size();
    }

    /**
     * What the service's clients hold, the service's own and its per-version ones ({@link VersionClients#name}),
     * sorted; null when none of them has been created yet (no request has used the service).
     */
    public List<String> servers(String service) {
        String versionPrefix = VersionClients.name(service, "");
        List<String> held = null;
        for (Map.Entry<String, List<String>> client : serversByClient.entrySet()) {
            if (client.getKey().equals(service) || client.getKey().startsWith(versionPrefix)) {
                if (held == null) {
                    held = new ArrayList<>();
                }
                for (String server : client.getValue()) {
                    if (!held.contains(server)) {
                        held.add(server);
                    }
                }
            }
        }
        if (held != null) {
            held.sort(null);
        }
        return held;
    }
}
