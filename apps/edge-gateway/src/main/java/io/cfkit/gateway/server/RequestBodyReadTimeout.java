package io.cfkit.gateway.server;

import com.netflix.netty.common.HttpRequestReadTimeoutEvent;
import com.netflix.zuul.passport.CurrentPassport;
import com.netflix.zuul.passport.PassportState;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires Zuul's {@link HttpRequestReadTimeoutEvent} (which Zuul answers with 408) when a request's body stops arriving:
 * no read for the timeout between the request's head and its last content. The same rule as Zuul's
 * HttpRequestReadTimeoutHandler, without its cost: that one adds a ReadTimeoutHandler to the pipeline for every request
 * and removes it again, each a walk of the pipeline's names under a lock (measured: about 2 % of the gateway's CPU).
 * This one keeps a timer only while a request is unfinished at the end of a read, so a request whose head and body
 * arrive together (every GET) costs two field writes.
 */
final class RequestBodyReadTimeout extends ChannelInboundHandlerAdapter {

    private final long timeoutNanos;
    private boolean reading;
    private long lastReadNanos;
    private ScheduledFuture<?> timer;

    RequestBodyReadTimeout(long timeout, TimeUnit unit) {
        this.timeoutNanos = unit.toNanos(timeout);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            reading = true;
        }
        if (reading) {
            lastReadNanos = now(ctx);
        }
        if (msg instanceof LastHttpContent) {
            reading = false;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (reading && timer == null) {
            schedule(ctx, timeoutNanos);
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    /** Event loop only, like every handler method, so the fields need no locking. */
    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> expire(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (!reading || !ctx.channel().isOpen()) {
            return;
        }
        long left = timeoutNanos - (now(ctx) - lastReadNanos);
        if (left > 0) {
            // Bytes came since the timer was set: wait for the rest of the timeout after the last of them.
            schedule(ctx, left);
            return;
        }
        reading = false;
        CurrentPassport.fromChannel(ctx.channel()).add(PassportState.IN_REQ_READ_TIMEOUT);
        ctx.fireUserEventTriggered(HttpRequestReadTimeoutEvent.INSTANCE);
    }

    private void stop() {
        reading = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }
}
