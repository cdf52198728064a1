package io.cfkit.gateway.server;

import com.netflix.netty.common.HttpClientLifecycleChannelHandler;
import com.netflix.netty.common.metrics.HttpMetricsChannelHandler;
import com.netflix.spectator.api.Registry;
import com.netflix.zuul.netty.connectionpool.ConnectionPoolConfig;
import com.netflix.zuul.netty.connectionpool.ConnectionPoolHandler;
import com.netflix.zuul.netty.connectionpool.DefaultOriginChannelInitializer;
import com.netflix.zuul.netty.connectionpool.OriginChannelInitializer;
import com.netflix.zuul.netty.server.BaseZuulChannelInitializer;
import com.netflix.zuul.netty.ssl.ClientSslContextFactory;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import java.time.Duration;

/**
 * The pipeline of a connection to an origin: Zuul 2.6.9's DefaultOriginChannelInitializer without what only stamps
 * the request's passport (PassportStateOriginHandler and PassportStateHttpClientHandler, in and out), the HTTP metrics
 * handler (Spectator meters into the NoopRegistry) and Netty's LoggingHandler, and with the response read timeout and
 * the pool's idle timeout in place ({@link OriginResponseReadTimeout}, {@link PooledIdleTimeout}) instead of a
 * ReadTimeoutHandler and an IdleStateHandler added and removed for every request. What Zuul's proxying needs stays:
 * the codec, the lifecycle handlers (they fire the complete event that returns a connection to its pool) and the
 * pool's handler, before which ProxyEndpoint puts its OriginResponseReceiver for each request.
 */
final class OriginPipeline extends OriginChannelInitializer {

    private final ConnectionPoolConfig poolConfig;
    private final Registry registry;
    private final ConnectionPoolHandler poolHandler;
    /** Not in the pipeline: Zuul's ClientChannelManager asks for it, and nothing here reads what it counts. */
    private final HttpMetricsChannelHandler unusedMetrics;

    OriginPipeline(ConnectionPoolConfig poolConfig, Registry registry) {
        this.poolConfig = poolConfig;
        this.registry = registry;
        this.poolHandler = new ConnectionPoolHandler(poolConfig.getOriginName());
        this.unusedMetrics =
                new HttpMetricsChannelHandler(registry, "client", poolConfig.getOriginName().getNiwsClientName());
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline pipeline = ch.pipeline();
        if (poolConfig.isSecure()) {
            pipeline.addLast("ssl", new ClientSslContextFactory(registry).getClientSslContext().newHandler(ch.alloc()));
        }
        pipeline.addLast(
                BaseZuulChannelInitializer.HTTP_CODEC_HANDLER_NAME,
                new HttpClientCodec(
                        BaseZuulChannelInitializer.MAX_INITIAL_LINE_LENGTH.get(),
                        BaseZuulChannelInitializer.MAX_HEADER_SIZE.get(),
                        BaseZuulChannelInitializer.MAX_CHUNK_SIZE.get(),
                        false,
                        false));
        pipeline.addLast(OriginResponseReadTimeout.NAME, new OriginResponseReadTimeout());
        pipeline.addLast(
                PooledIdleTimeout.NAME, new PooledIdleTimeout(Duration.ofMillis(poolConfig.getIdleTimeout())));
        pipeline.addLast(HttpClientLifecycleChannelHandler.INBOUND_CHANNEL_HANDLER);
        pipeline.addLast(HttpClientLifecycleChannelHandler.OUTBOUND_CHANNEL_HANDLER);
        pipeline.addLast(DefaultOriginChannelInitializer.CONNECTION_POOL_HANDLER, poolHandler);
    }

    @Override
    public HttpMetricsChannelHandler getHttpMetricsHandler() {
        return unusedMetrics;
    }
}
