package io.cfkit.gateway.traffic;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many instances each per-version ribbon client holds, as its {@link VersionServerListFilter} last counted them.
 * This, not the Eureka client's registry, says whether a version can take a request: ribbon refreshes its list a
 * second after the registry, and a request sent to a client whose list is still empty would fail with 503.
 *
 * <p>Ribbon creates filters by class name, so they find this object through a static holder. Each gateway installs a
 * fresh one at start; a filter keeps the one installed when it was created, so the load balancers of a stopped
 * gateway in the same JVM (tests) never report into the running one.
 */
public final class RoutableInstances {

    private static volatile RoutableInstances installed = new RoutableInstances();

    private final ConcurrentMap<String, Integer> countsByClient = new ConcurrentHashMap<>();

    public static RoutableInstances installNew() {
        RoutableInstances fresh = new RoutableInstances();
        installed = fresh;
        return fresh;
    }

    static RoutableInstances installed() {
        return installed;
    }

    void report(String client, int count) {
        countsByClient.put(client, count);
    }

    /** The client's last count, or null when the client has not been created yet (no request has used it). */
    public Integer count(String client) {
        return countsByClient.get(client);
    }
}
