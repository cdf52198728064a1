package io.cfkit.gateway.server;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A read timeout that moves with each read, for a handler that stays in the pipeline: while it watches, it expires
 * once no read came for the timeout. One timer, set when armed and set again for the rest of the timeout when it
 * fires after a later read, instead of a ReadTimeoutHandler added to the pipeline and removed per request. Event loop
 * only, like the handler that owns it, so the fields need no locking.
 */
final class ReadDeadline {

    private final Consumer<ChannelHandlerContext> onExpiry;
    private boolean watching;
    private long timeoutNanos;
    private long lastReadNanos;
    private ScheduledFuture<?> timer;

    ReadDeadline(Consumer<ChannelHandlerContext> onExpiry) {
        this.onExpiry = onExpiry;
    }

    /** From here on reads count, until {@link #stop} or expiry; no timer yet. */
    void watch() {
        watching = true;
    }

    boolean watching() {
        return watching;
    }

    void read(ChannelHandlerContext ctx) {
        if (watching) {
            lastReadNanos = now(ctx);
        }
    }

    /** While watching, and unless a timer is set already: expires once nothing is read for the timeout from now. */
    void arm(ChannelHandlerContext ctx, long timeoutNanos) {
        if (watching && timer == null) {
            this.timeoutNanos = timeoutNanos;
            lastReadNanos = now(ctx);
            schedule(ctx, timeoutNanos);
        }
    }

    void stop() {
        watching = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> expire(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (!watching || !ctx.channel().isOpen()) {
            return;
        }
        long left = timeoutNanos - (now(ctx) - lastReadNanos);
        if (left > 0) {
            // Bytes came since the timer was set: wait for the rest of the timeout after the last of them.
            schedule(ctx, left);
            return;
        }
        watching = false;
        onExpiry.accept(ctx);
    }

    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }
}
