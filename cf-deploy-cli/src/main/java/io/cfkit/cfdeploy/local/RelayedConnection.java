package io.cfkit.cfdeploy.local;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One client connection and the backend connection it is relayed to, bytes unchanged both ways.
 * Backpressure: while one side cannot take more, the other stops reading until it has drained. Half-close
 * is passed through. A turn is what the client sends until the backend answers with a byte: if the
 * backend closes before answering an idempotent request, the request is sent to the next running instance
 * on the same client connection, as gorouter does, each instance at most once per turn. Both connections
 * live on the client's event loop, so this state is only ever touched by one thread.
 */
final class RelayedConnection {

    /** Beyond this, a turn is not kept and so not replayed (an upload is not idempotent anyway). */
    static final int REPLAY_LIMIT_BYTES = 64 * 1024;

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Channel client;
    private final Supplier<List<Integer>> runningPorts;
    private final Bootstrap backends;
    private final int start;
    private final UnansweredRequest request = new UnansweredRequest(REPLAY_LIMIT_BYTES);
    private final Set<Integer> triedThisTurn = new HashSet<>();
    /** Null while connecting. */
    private Channel backend;
    private int backendPort;
    private boolean answered;
    private boolean clientInputShutdown;

    /** The client does not read before this has connected it: its channel is made with auto-read off. */
    RelayedConnection(Channel client, Supplier<List<Integer>> runningPorts, Bootstrap backends, int start) {
        this.client = client;
        this.runningPorts = runningPorts;
        this.backends = backends;
        this.start = start;
    }

    void start() {
        client.pipeline().addLast(new FromClient());
        connectToNextInstance();
    }

    /** Tries the running instances not yet tried this turn, from this connection's turn in the round-robin. */
    private void connectToNextInstance() {
        Integer port = nextUntriedPort();
        if (port == null || !client.isActive()) {
            client.close();
            return;
        }
        triedThisTurn.add(port);
        backends.clone(client.eventLoop())
                .handler(new FromBackend())
                .connect(LOOPBACK, port)
                .addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        connectToNextInstance();
                    } else if (!client.isActive()) {
                        connected.channel().close();
                    } else {
                        relayTo(connected.channel(), port);
                    }
                });
    }

    private Integer nextUntriedPort() {
        List<Integer> ports = runningPorts.get();
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(Math.floorMod(start + i, ports.size()));
            if (!triedThisTurn.contains(port)) {
                return port;
            }
        }
        return null;
    }

    private void relayTo(Channel connected, int port) {
        backend = connected;
        backendPort = port;
        request.replayTo(connected);
        if (clientInputShutdown) {
            connected.writeAndFlush(Unpooled.EMPTY_BUFFER)
                    .addListener(written -> ((DuplexChannel) connected).shutdownOutput());
        }
        client.config().setAutoRead(true);
        connected.config().setAutoRead(true);
    }

    /** The backend closed (or half-closed) its side: replay the turn elsewhere if that is safe, else end. */
    private void backendEnded(Channel ended) {
        if (mayReplay()) {
            backend = null;
            client.config().setAutoRead(false);
            ended.close();
            connectToNextInstance();
        } else {
            closeAfterFlush(client);
        }
    }

    private boolean mayReplay() {
        return !answered && request.isReplayable() && client.isActive()
                && !((DuplexChannel) client).isOutputShutdown();
    }

    private void startTurnIfAnswered() {
        if (answered) {
            answered = false;
            request.clear();
            triedThisTurn.clear();
            triedThisTurn.add(backendPort);
        }
    }

    private static void closeAfterFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private final class FromClient extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            startTurnIfAnswered();
            request.keep(bytes);
            if (backend == null) {
                // read while connecting to another instance: sent there with the rest of the turn
                bytes.release();
                if (!request.isWhole()) {
                    ctx.close();
                }
                return;
            }
            // a failed write reaches the backend's exceptionCaught, which closes it: no future per write
            backend.write(bytes, backend.voidPromise());
            if (!backend.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        /** One flush per batch of reads rather than per read: fewer system calls under load. */
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (backend != null) {
                backend.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && backend != null) {
                backend.config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                clientInputShutdown = true;
                if (backend == null) {
                    // connecting: the output of the next backend is shut once the turn is replayed there
                } else if (!backend.isActive()) {
                    ctx.close();
                } else if (((DuplexChannel) backend).isInputShutdown()) {
                    closeAfterFlush(backend);
                    closeAfterFlush(ctx.channel());
                } else {
                    Channel to = backend;
                    to.writeAndFlush(Unpooled.EMPTY_BUFFER)
                            .addListener(written -> ((DuplexChannel) to).shutdownOutput());
                }
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            request.clear();
            if (backend != null) {
                closeAfterFlush(backend);
            }
        }

        /** A reset or a broken pipe ends the relay; closing this side closes the other. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private final class FromBackend extends ChannelInboundHandlerAdapter {

        private boolean current(ChannelHandlerContext ctx) {
            return ctx.channel() == backend;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!current(ctx)) {
                ((ByteBuf) msg).release();
                return;
            }
            if (!answered) {
                answered = true;
                request.clear();
            }
            client.write(msg, client.voidPromise());
            if (!client.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && current(ctx)) {
                client.config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent && current(ctx)) {
                if (!client.isActive()) {
                    ctx.close();
                } else if (mayReplay()) {
                    backendEnded(ctx.channel());
                } else if (clientInputShutdown) {
                    closeAfterFlush(client);
                    closeAfterFlush(ctx.channel());
                } else {
                    client.writeAndFlush(Unpooled.EMPTY_BUFFER)
                            .addListener(written -> ((DuplexChannel) client).shutdownOutput());
                }
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (current(ctx)) {
                backendEnded(ctx.channel());
            }
        }

        /** A reset or a broken pipe: closing this side replays the turn or closes the client. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
