package io.cfkit.cfdeploy.local;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops every route's relay runs on, one per two cores: a relayed connection and its backend connection
 * share a loop, so relaying a byte never crosses threads. Java's NIO, not Netty's epoll transport, which (4.2.18 and
 * 4.2.20) fails a write to a half-closed connection that has to wait, and so cut relayed streams short: see
 * docs/decisions/0008-local-router-on-netty-and-capped-instance-logs.md.
 */
final class RouterLoops implements AutoCloseable {

    private final EventLoopGroup group;

    RouterLoops() {
        this.group = new MultiThreadIoEventLoopGroup(loopCount(Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("router", true), NioIoHandler.newFactory());
    }

    /**
     * Half the cores, at least one: the router always sits in front of an instance on the same machine, which
     * needs the cores more. One loop on two cores cost 15 % less CPU per relayed request than two (fewer
     * wake-ups, more ready connections per wait; docs/performance.md, "The local router").
     */
    static int loopCount(int cores) {
        return Math.max(1, cores / 2);
    }

    EventLoopGroup group() {
        return group;
    }

    Class<? extends ServerChannel> serverChannel() {
        return NioServerSocketChannel.class;
    }

    Class<? extends Channel> socketChannel() {
        return NioSocketChannel.class;
    }

    /** Closes every relayed connection; bounded, since it runs while the supervisor shuts down. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
