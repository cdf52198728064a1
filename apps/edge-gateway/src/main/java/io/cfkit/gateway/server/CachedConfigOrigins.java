package io.cfkit.gateway.server;

import com.netflix.client.config.CommonClientConfigKey;
import com.netflix.config.ConfigurationManager;
import com.netflix.spectator.api.Registry;
import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.origins.NettyOrigin;
import com.netflix.zuul.origins.OriginManager;
import com.netflix.zuul.origins.OriginName;
import io.cfkit.gateway.routing.CachedClientConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Zuul's origins, one per ribbon client: each an {@link EdgeOrigin} with a {@link CachedClientConfig} in place of
 * ribbon's plain configuration, set up as BasicNettyOrigin sets up its own (load the client's properties, name its
 * class, load again).
 */
final class CachedConfigOrigins implements OriginManager<NettyOrigin> {

    private final Registry registry;
    private final Map<OriginName, NettyOrigin> origins = new ConcurrentHashMap<>();

    CachedConfigOrigins(Registry registry) {
        this.registry = registry;
    }

    @Override
    public NettyOrigin getOrigin(OriginName name, String uri, SessionContext ctx) {
        return origins.computeIfAbsent(name, n -> createOrigin(n, uri, ctx));
    }

    @Override
    public NettyOrigin createOrigin(OriginName name, String uri, SessionContext ctx) {
        String client = name.getNiwsClientName();
        CachedClientConfig config = CachedClientConfig.load(client, ConfigurationManager.getConfigInstance());
        config.set(CommonClientConfigKey.ClientClassName, client);
        config.loadProperties(client);
        return new EdgeOrigin(name, config, registry);
    }
}
