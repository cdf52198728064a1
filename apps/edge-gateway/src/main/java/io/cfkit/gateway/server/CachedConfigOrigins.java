package io.cfkit.gateway.server;

import com.netflix.client.config.CommonClientConfigKey;
import com.netflix.client.config.IClientConfig;
import com.netflix.config.ConfigurationManager;
import com.netflix.spectator.api.Registry;
import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.origins.BasicNettyOrigin;
import com.netflix.zuul.origins.BasicNettyOriginManager;
import com.netflix.zuul.origins.OriginName;
import io.cfkit.gateway.routing.CachedClientConfig;

/**
 * Zuul's origins, each with a {@link CachedClientConfig} in place of ribbon's plain configuration, set up as
 * BasicNettyOrigin sets up its own (load the client's properties, name its class, load again).
 */
final class CachedConfigOrigins extends BasicNettyOriginManager {

    private final Registry registry;

    CachedConfigOrigins(Registry registry) {
        super(registry);
        this.registry = registry;
    }

    @Override
    public BasicNettyOrigin createOrigin(OriginName originName, String uri, SessionContext ctx) {
        return new BasicNettyOrigin(originName, registry) {
            @Override
            protected IClientConfig setupClientConfig(OriginName name) {
                String client = name.getNiwsClientName();
                CachedClientConfig config = CachedClientConfig.load(client, ConfigurationManager.getConfigInstance());
                config.set(CommonClientConfigKey.ClientClassName, client);
                config.loadProperties(client);
                return config;
            }
        };
    }
}
