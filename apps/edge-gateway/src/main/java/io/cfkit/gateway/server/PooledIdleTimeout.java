package io.cfkit.gateway.server;

import io.cfkit.gateway.edge.ReadDeadline;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;

/**
 * The connection pool's idle timeout, kept in an origin connection's pipeline: a connection back in the pool that
 * reads nothing and gets no new request for the pool's idle timeout fires Netty's all-idle event, on which Zuul's
 * ConnectionPoolHandler closes it. Zuul 2.6.9 adds a new IdleStateHandler at every release and removes it at every
 * acquire: a handler, a timer set and a timer cancelled, and two walks of the pipeline's names per request. This one
 * sets its timer about once per idle timeout (ReadDeadline).
 */
final class PooledIdleTimeout extends ChannelDuplexHandler {

    static final String NAME = "pooledIdleTimeout";

    private final long idleNanos;
    private final ReadDeadline deadline =
            new ReadDeadline(ctx -> ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT));
    private ChannelHandlerContext ctx;

    PooledIdleTimeout(Duration idleTimeout) {
        this.idleNanos = idleTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The connection went back to the pool: from now, idle until a request is written to it. */
    void pooled() {
        if (ctx.executor().inEventLoop()) {
            startIdle();
        } else {
            ctx.executor().execute(this::startIdle);
        }
    }

    private void startIdle() {
        deadline.watch();
        deadline.arm(ctx, idleNanos);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpRequest) {
            // Taken out of the pool for this request.
            deadline.stop();
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        deadline.read(ctx);
        super.channelRead(ctx, msg);
    }
}
