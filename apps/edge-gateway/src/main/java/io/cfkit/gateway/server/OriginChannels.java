package io.cfkit.gateway.server;

import com.netflix.client.config.IClientConfig;
import com.netflix.spectator.api.Registry;
import com.netflix.zuul.netty.connectionpool.ConnectionPoolConfig;
import com.netflix.zuul.netty.connectionpool.DefaultClientChannelManager;
import com.netflix.zuul.netty.connectionpool.OriginChannelInitializer;
import com.netflix.zuul.netty.connectionpool.PooledConnection;
import com.netflix.zuul.netty.server.BaseZuulChannelInitializer;
import com.netflix.zuul.netty.server.OriginResponseReceiver;
import com.netflix.zuul.origins.OriginName;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Zuul's connection pool for one origin, whose connections have the {@link OriginPipeline}. Zuul's release puts the
 * pool's idle timeout after the passport handler that pipeline leaves out (with it gone, every release threw, and the
 * connection was closed instead of kept: the shortcut of removing the passport handlers from live connections broke
 * GatewayIntegrationTest's retry after a reset that way); this one puts it after the HTTP codec.
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
        pipeline.addAfter(
                BaseZuulChannelInitializer.HTTP_CODEC_HANDLER_NAME,
                IDLE_STATE_HANDLER_NAME,
                new IdleStateHandler(0, 0, getConfig().getIdleTimeout(), TimeUnit.MILLISECONDS));
    }
}
