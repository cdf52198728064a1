package io.cfkit.gateway.server;

import com.netflix.client.config.IClientConfig;
import com.netflix.spectator.api.Registry;
import com.netflix.zuul.netty.connectionpool.ConnectionPoolConfig;
import com.netflix.zuul.netty.connectionpool.DefaultClientChannelManager;
import com.netflix.zuul.netty.connectionpool.OriginChannelInitializer;
import com.netflix.zuul.netty.connectionpool.PooledConnection;
import com.netflix.zuul.netty.server.OriginResponseReceiver;
import com.netflix.zuul.origins.OriginName;
import io.netty.channel.ChannelPipeline;

/**
 * Zuul's connection pool for one origin, whose connections have the {@link OriginPipeline}. Zuul's release adds the
 * pool's idle timeout after the passport handler that pipeline leaves out (with it gone, every release threw, and the
 * connection was closed instead of kept: the shortcut of removing the passport handlers from live connections broke
 * GatewayIntegrationTest's retry after a reset that way); this one starts the {@link PooledIdleTimeout} that is in
 * the pipeline already. Zuul's acquire removes an idle handler by the name Zuul gives it, so there is none to remove.
 */
final class OriginChannels extends DefaultClientChannelManager {

    OriginChannels(OriginName originName, IClientConfig clientConfig, Registry registry) {
        super(originName, clientConfig, registry);
    }

    @Override
    protected OriginChannelInitializer createChannelInitializer(
            IClientConfig clientConfig, ConnectionPoolConfig poolConfig, Registry registry) {
        return new OriginPipeline(poolConfig, registry);
    }

    @Override
    protected void releaseHandlers(PooledConnection conn) {
        ChannelPipeline pipeline = conn.getChannel().pipeline();
        removeHandlerFromPipeline(OriginResponseReceiver.CHANNEL_HANDLER_NAME, pipeline);
        ((PooledIdleTimeout) pipeline.get(PooledIdleTimeout.NAME)).pooled();
    }
}
