package io.cfkit.gateway.routing;

import com.netflix.loadbalancer.AbstractServerListFilter;
import com.netflix.loadbalancer.Server;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps a client's servers in one order ({@code host:port}). Eureka's client shuffles the instances on each
 * registry fetch, and ribbon's round-robin walks the list by index, so a reshuffle makes it send two requests
 * in a row to one instance; in a stable order round-robin alternates.
 */
public class StableOrderServerListFilter extends AbstractServerListFilter<Server> {

    private static final Comparator<Server> BY_ID = Comparator.comparing(Server::getId);

    @Override
    public List<Server> getFilteredListOfServers(List<Server> servers) {
        return inStableOrder(servers == null ? List.of() : servers);
    }

    public static List<Server> inStableOrder(List<Server> servers) {
        List<Server> sorted = new ArrayList<>(servers);
        sorted.sort(BY_ID);
        return sorted;
    }
}
