package io.cfkit.gateway.server;

import com.netflix.config.DynamicPropertyFactory;
import io.cfkit.gateway.edge.EdgeGuard;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.origin.OriginClients;
import io.cfkit.gateway.origin.OriginConnections;
import io.cfkit.gateway.origin.OriginProxy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's HTTP/1.1 listener on Netty: one acceptor thread, worker event loops (one per core unless
 * {@code zuul.server.netty.threads.worker} says otherwise), epoll where there is one. Its requests go through the
 * gateway's Zuul filters ({@link FilterRunner}) and, when routed, to a backend ({@link OriginProxy}).
 */
public final class GatewayServer implements AutoCloseable {

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final ChannelGroup clients;
    private final OriginClients origins;
    private final Channel listener;

    private GatewayServer(EventLoopGroup acceptor, EventLoopGroup workers, ChannelGroup clients,
            OriginClients origins, Channel listener) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.clients = clients;
        this.origins = origins;
        this.listener = listener;
    }

    /** Listens on the address; fails with the bind's own exception (address in use, not permitted). */
    public static GatewayServer start(GatewayServices services, InetSocketAddress address) throws InterruptedException {
        DynamicPropertyFactory properties = DynamicPropertyFactory.getInstance();
        int workerThreads = properties.getIntProperty("zuul.server.netty.threads.worker",
                Runtime.getRuntime().availableProcessors()).get();
        Duration bodyTimeout =
                Duration.ofMillis(properties.getIntProperty("server.http.request.read.timeout", 5000).get());
        Duration idleTimeout =
                Duration.ofMillis(properties.getIntProperty("server.connection.idle.timeout", 65000).get());
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;

        EdgeGuard edge = services.edge();
        FilterRunner filters = new FilterRunner(GatewayFilters.create(services));
        OriginClients origins = new OriginClients();
        OriginProxy proxy = new OriginProxy(
                origins, new OriginConnections(edge.limits().maxInitialLineLength(), edge.limits().maxHeaderSize()));
        ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(workerThreads, io);
        try {
            Channel listener = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ClientPipeline(edge, filters, proxy, clients, bodyTimeout, idleTimeout))
                    .bind(address)
                    .sync()
                    .channel();
            return new GatewayServer(acceptor, workers, clients, origins, listener);
        } catch (RuntimeException | InterruptedException e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            origins.close();
            throw e;
        }
    }

    /**
     * Stops listening, lets the requests in progress finish for up to {@code server.outofservice.close.timeout}
     * seconds (idle connections are closed at once, busy ones after their answer), then closes what is left.
     */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        long drainMillis = DynamicPropertyFactory.getInstance()
                .getIntProperty("server.outofservice.close.timeout", 3).get() * 1000L;
        List<Channel> open = new ArrayList<>(clients);
        for (Channel client : open) {
            ClientExchange exchange = client.pipeline().get(ClientExchange.class);
            if (exchange != null) {
                client.eventLoop().execute(exchange::closeWhenIdle);
            } else {
                client.close();
            }
        }
        clients.newCloseFuture().awaitUninterruptibly(drainMillis);
        clients.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        origins.close();
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
