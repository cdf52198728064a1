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
 * nothing is sent twice. An instance that closes the connection after an idempotent request (GET, HEAD,
 * OPTIONS) was relayed but before answering it has the request replayed on the next instance, on the same
 * client connection (see {@link RelayedConnection}).
 */
final class Router implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 1000;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final LocalRoute route;
    private final Supplier<List<Integer>> backendPorts;
    private final Bootstrap backends;
    private final AtomicInteger next = new AtomicInteger();
    private final Channel server;

    Router(LocalRoute route, Supplier<List<Integer>> backendPorts, RouterLoops loops) throws IOException {
        this.route = route;
        this.backendPorts = backendPorts;
        this.backends = new Bootstrap()
                .channel(loops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                // nothing is read from an instance before the client's turn is written to it
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true);
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

    /** Starts relaying each new connection, each at the next instance in turn. */
    @Sharable
    private final class ConnectToInstance extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            new RelayedConnection(ctx.channel(), backendPorts, backends, next.getAndIncrement()).start();
        }
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
    }
}
