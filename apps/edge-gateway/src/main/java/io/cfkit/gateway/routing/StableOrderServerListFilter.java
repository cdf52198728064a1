package io.cfkit.gateway.routing;

import com.netflix.client.IClientConfigAware;
import com.netflix.client.config.IClientConfig;
import com.netflix.loadbalancer.AbstractServerListFilter;
import com.netflix.loadbalancer.Server;
import io.cfkit.gateway.traffic.RoutableInstances;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps a client's servers in one order ({@code host:port}). Eureka's client shuffles the instances on each
 * registry fetch, and ribbon's round-robin walks the list by index, so a reshuffle makes it send two requests
 * in a row to one instance; in a stable order round-robin alternates. It reports the list it keeps, which is
 * where the client's requests can go ({@code GET /admin/routes}).
 */
public class StableOrderServerListFilter extends AbstractServerListFilter<Server> implements IClientConfigAware {

    private static final Comparator<Server> BY_ID = Comparator.comparing(Server::getId);

    private final RoutableInstances routable = RoutableInstances.installed();
    private String client;

    @Override
    public void initWithNiwsConfig(IClientConfig clientConfig) {
        client = clientConfig.getClientName();
    }

    @Override
    public List<Server> getFilteredListOfServers(List<Server> servers) {
        List<Server> ordered = inStableOrder(servers == null ? List.of() : servers);
        if (client != null) {
            routable.report(client, ordered.stream().map(Server::getId).toList());
        }
        return ordered;
    }

    public static List<Server> inStableOrder(List<Server> servers) {
        List<Server> sorted = new ArrayList<>(servers);
        sorted.sort(BY_ID);
        return sorted;
    }
}
