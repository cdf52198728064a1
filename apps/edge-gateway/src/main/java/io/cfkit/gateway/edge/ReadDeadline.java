package io.cfkit.gateway.edge;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A read timeout that moves with each read, for a handler that stays in the pipeline: while it watches, it expires
 * once no read came for the timeout (or, if the handler reports no reads, once the timeout has passed since it was
 * armed: the header timeout). One timer, instead of a ReadTimeoutHandler added to the pipeline and removed per
 * request; and the timer outlives the request it was set for. A stop leaves it pending, and when it fires with nothing
 * armed it ends; a request armed meanwhile finds it pending and lets it fire first, then waits for the rest of its
 * own timeout. On a kept-alive connection a timer is thus set about once per timeout, not set and cancelled once per
 * request (a scheduled task and two updates of the event loop's timer queue each). The channel's close cancels the
 * timer, so the handler that owns it needs no channelInactive or handlerRemoved of its own for it. Event loop only,
 * like that handler, so the fields need no locking.
 */
public final class ReadDeadline {

    private final Consumer<ChannelHandlerContext> onExpiry;
    private boolean watching;
    private boolean armed;
    private long timeoutNanos;
    private long lastReadNanos;
    private ScheduledFuture<?> timer;
    private long timerDueNanos;
    private boolean cancelsOnClose;

    public ReadDeadline(Consumer<ChannelHandlerContext> onExpiry) {
        this.onExpiry = onExpiry;
    }

    /** From here on reads count, until {@link #stop} or expiry; not armed yet. */
    public void watch() {
        watching = true;
    }

    public boolean watching() {
        return watching;
    }

    public void read(ChannelHandlerContext ctx) {
        if (watching) {
            lastReadNanos = now(ctx);
        }
    }

    /** While watching, and unless armed already: expires once nothing is read for the timeout from now. */
    public void arm(ChannelHandlerContext ctx, long timeoutNanos) {
        if (!watching || armed) {
            return;
        }
        armed = true;
        this.timeoutNanos = timeoutNanos;
        lastReadNanos = now(ctx);
        long dueNanos = lastReadNanos + timeoutNanos;
        if (timer != null) {
            if (timerDueNanos - dueNanos <= 0) {
                return;
            }
            // Set for a longer timeout than this one: it would fire too late.
            timer.cancel(false);
        }
        schedule(ctx, timeoutNanos);
    }

    /** Nothing watched any more; a pending timer stays and ends when it fires. */
    public void stop() {
        watching = false;
        armed = false;
    }

    /** The channel closed: nothing is watched any more, and a pending timer would only hold the channel. */
    private void cancel() {
        stop();
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        if (!cancelsOnClose) {
            cancelsOnClose = true;
            ctx.channel().closeFuture().addListener(closed -> cancel());
        }
        timerDueNanos = now(ctx) + delayNanos;
        timer = ctx.executor().schedule(() -> expire(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (!armed || !ctx.channel().isOpen() || ctx.isRemoved()) {
            return;
        }
        long left = timeoutNanos - (now(ctx) - lastReadNanos);
        if (left > 0) {
            // Bytes came since the timer was set, or it was set for an earlier request: wait for the rest.
            schedule(ctx, left);
            return;
        }
        stop();
        onExpiry.accept(ctx);
    }

    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }
}
