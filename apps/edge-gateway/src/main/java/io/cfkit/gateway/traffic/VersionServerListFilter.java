package io.cfkit.gateway.traffic;

import com.netflix.client.IClientConfigAware;
import com.netflix.client.config.IClientConfig;
import com.netflix.config.ConfigurationManager;
import com.netflix.loadbalancer.AbstractServerListFilter;
import io.cfkit.gateway.routing.StableOrderServerListFilter;
import com.netflix.loadbalancer.Server;
import com.netflix.niws.loadbalancer.DiscoveryEnabledServer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ribbon server-list filter of a per-version client ({@code NIWSServerListFilterClassName}): of the UP instances
 * of the service's VIP it keeps those whose Eureka metadata {@code version} is the client's
 * ({@code <client>.ribbon.InstanceVersion}). Ribbon calls it on every list refresh (after each registry fetch),
 * and it reports which it kept, so the gateway only sends a version traffic it can take.
 */
public class VersionServerListFilter extends AbstractServerListFilter<Server> implements IClientConfigAware {

    private static final Logger LOG = LoggerFactory.getLogger(VersionServerListFilter.class);

    private final RoutableInstances routable = RoutableInstances.installed();
    private String client;
    private String version;
    private int lastCount = -1;

    @Override
    public void initWithNiwsConfig(IClientConfig clientConfig) {
        client = clientConfig.getClientName();
        version = ConfigurationManager.getConfigInstance().getString(client + ".ribbon." + VersionClients.VERSION_KEY);
        if (version == null) {
            // Not a client the gateway configured; keeping nothing is safer than sending every version's traffic.
            LOG.error("Ribbon client {} uses {} without {}.ribbon.{}: it gets no instances",
                    client, getClass().getSimpleName(), client, VersionClients.VERSION_KEY);
        }
    }

    @Override
    public List<Server> getFilteredListOfServers(List<Server> servers) {
        List<Server> kept = new ArrayList<>();
        if (version != null && servers != null) {
            for (Server server : servers) {
                if (server instanceof DiscoveryEnabledServer discovered
                        && version.equals(VersionClients.versionOf(discovered.getInstanceInfo().getMetadata()))) {
                    kept.add(server);
                }
            }
        }
        List<Server> ordered = StableOrderServerListFilter.inStableOrder(kept);
        if (client != null) {
            routable.report(client, ordered.stream().map(Server::getId).toList());
        }
        if (kept.size() != lastCount) {
            LOG.info("{} has {} instance{} of version {}", client, kept.size(), kept.size() == 1 ? "" : "s", version);
            lastCount = kept.size();
        }
        return ordered;
    }
}
