package io.cfkit.gateway.origin;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keep-alive connections to the backends' instances: the idle ones queued per event loop and address, so that a
 * request is served on the event loop of its client connection and never changes threads (as Zuul's pool and nginx's
 * upstream keepalive do). A connection goes back to its queue only after a whole response on it, when the backend
 * did not ask to close it and it has not served its {@code MaxRequestsPerConnection}; it leaves the queue when it
 * closes or stays idle past its idle timeout.
 */
public final class OriginConnections {

    private final int maxInitialLineLength;
    private final int maxHeaderSize;
    private final FastThreadLocal<Map<InetSocketAddress, ArrayDeque<OriginConnection>>> idle = new FastThreadLocal<>() {
        @Override
        protected Map<InetSocketAddress, ArrayDeque<OriginConnection>> initialValue() {
            return new HashMap<>();
        }
    };

    public OriginConnections(int maxInitialLineLength, int maxHeaderSize) {
        this.maxInitialLineLength = maxInitialLineLength;
        this.maxHeaderSize = maxHeaderSize;
    }

    /** An idle connection to the address, or null; on the calling event loop's queue only. */
    OriginConnection pooled(InetSocketAddress address) {
        ArrayDeque<OriginConnection> queue = idle.get().get(address);
        if (queue == null) {
            return null;
        }
        OriginConnection connection;
        while ((connection = queue.pollLast()) != null) {
            if (connection.channel().isActive()) {
                return connection;
            }
        }
        return null;
    }

    /** A new connection to the address on the event loop; the future fails on a refusal or the connect timeout. */
    ChannelFuture connect(
            EventLoop loop, InetSocketAddress address, int connectTimeoutMillis, Duration idleTimeout,
            int maxRequests) {
        return new Bootstrap()
                .group(loop)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        OriginConnection connection =
                                new OriginConnection(OriginConnections.this, address, idleTimeout, maxRequests);
                        ch.pipeline()
                                .addLast("codec", new HttpClientCodec(maxInitialLineLength, maxHeaderSize, 8192))
                                .addLast(OriginConnection.NAME, connection);
                    }
                })
                .connect(address);
    }

    /** Called on the connection's event loop once its response is complete and it may serve another. */
    void release(OriginConnection connection) {
        idle.get().computeIfAbsent(connection.address(), a -> new ArrayDeque<>()).addLast(connection);
    }

    void forget(OriginConnection connection) {
        ArrayDeque<OriginConnection> queue = idle.get().get(connection.address());
        if (queue != null) {
            queue.remove(connection);
        }
    }
}
