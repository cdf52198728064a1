package io.cfkit.cfdeploy.local;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The local stand-in for the Cloud Foundry router, for one route: listens on the route's loopback port and
 * relays each connection to one of the app's running instances, round-robin. It works at the TCP level,
 * so a kept-alive HTTP connection stays with the instance it was first relayed to. An instance that
 * refuses the connection (it died since the supervisor last looked) is skipped for the next one, as
 * Cloud Foundry's router retries a failed connect on another instance: nothing was relayed yet, so
 * nothing is sent twice.
 */
final class Router implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 1000;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final LocalRoute route;
    private final Supplier<List<Integer>> backendPorts;
    private final RouterLoops loops;
    private final AtomicInteger next = new AtomicInteger();
    private final Channel server;

    Router(LocalRoute route, Supplier<List<Integer>> backendPorts, RouterLoops loops) throws IOException {
        this.route = route;
        this.backendPorts = backendPorts;
        this.loops = loops;
        ChannelFuture bound = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // nothing is read from a client before its backend connection is up
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ConnectToInstance())
                .bind(LOOPBACK, route.port())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException(bound.cause().getMessage(), bound.cause());
        }
        this.server = bound.channel();
    }

    LocalRoute route() {
        return route;
    }

    /** Tries each running instance once, starting at the next in turn; no instance closes the connection. */
    private void connect(Channel client, List<Integer> ports, int start, int tried) {
        if (tried >= ports.size() || !client.isActive()) {
            client.close();
            return;
        }
        int port = ports.get(Math.floorMod(start + tried, ports.size()));
        new Bootstrap()
                .group(client.eventLoop())
                .channel(loops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new RelayHandler(client))
                .connect(LOOPBACK, port)
                .addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        connect(client, ports, start, tried + 1);
                    } else if (!client.isActive()) {
                        connected.channel().close();
                    } else {
                        Channel backend = connected.channel();
                        client.pipeline().addLast(new RelayHandler(backend));
                        client.config().setAutoRead(true);
                        backend.config().setAutoRead(true);
                    }
                });
    }

    /** Picks the instance for each new connection; one for all connections, so it keeps no state of its own. */
    @Sharable
    private final class ConnectToInstance extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connect(ctx.channel(), backendPorts.get(), next.getAndIncrement(), 0);
        }
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
    }
}
