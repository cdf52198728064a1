package io.cfkit.gateway.server;

import com.netflix.zuul.netty.connectionpool.ClientTimeoutHandler;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An origin connection's response read timeout, with Zuul 2.6.9's rule: from the moment the request's last content is
 * written, no read for the timeout ProxyEndpoint put on the channel ({@link ClientTimeoutHandler#ORIGIN_RESPONSE_READ_TIMEOUT})
 * fails the attempt with Netty's {@link ReadTimeoutException} and closes the connection, until the response's last
 * content is read. Zuul's ClientTimeoutHandler adds a ReadTimeoutHandler to the pipeline for every request and removes
 * it at the response's end, each a walk of the pipeline's names; this one stays in place and only sets and cancels a
 * timer.
 */
final class OriginResponseReadTimeout extends ChannelDuplexHandler {

    static final String NAME = "originResponseReadTimeout";

    private boolean awaitingResponse;
    private long lastReadNanos;
    private ScheduledFuture<?> timer;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpRequest) {
            // A new request on a kept-alive connection: nothing of the previous one is awaited any more.
            stop();
        }
        if (msg instanceof LastHttpContent) {
            Duration timeout = ctx.channel().attr(ClientTimeoutHandler.ORIGIN_RESPONSE_READ_TIMEOUT).get();
            if (timeout != null) {
                awaitingResponse = true;
                promise.addListener(written -> {
                    if (written.isSuccess() && awaitingResponse && timer == null) {
                        lastReadNanos = now(ctx);
                        schedule(ctx, timeout.toNanos(), timeout.toNanos());
                    }
                });
            }
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (awaitingResponse) {
            lastReadNanos = now(ctx);
            if (msg instanceof LastHttpContent) {
                stop();
            }
        }
        super.channelRead(ctx, msg);
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
    private void schedule(ChannelHandlerContext ctx, long delayNanos, long timeoutNanos) {
        timer = ctx.executor().schedule(() -> expire(ctx, timeoutNanos), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx, long timeoutNanos) {
        timer = null;
        if (!awaitingResponse || !ctx.channel().isOpen()) {
            return;
        }
        long left = timeoutNanos - (now(ctx) - lastReadNanos);
        if (left > 0) {
            // Part of the response came since the timer was set: wait for the rest of the timeout after it.
            schedule(ctx, left, timeoutNanos);
            return;
        }
        awaitingResponse = false;
        ctx.fireExceptionCaught(ReadTimeoutException.INSTANCE);
        ctx.close();
    }

    private void stop() {
        awaitingResponse = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }
}
