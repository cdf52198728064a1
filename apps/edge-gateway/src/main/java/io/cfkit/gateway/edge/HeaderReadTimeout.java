package io.cfkit.gateway.edge;

import io.cfkit.gateway.edge.EdgeCounters.Reason;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request headers take longer than the limit to arrive (slowloris: a byte every few
 * seconds keeps Zuul's idle timeout from ever firing, and its request read timeout starts only once the headers are
 * in). The clock starts when the connection opens and when the first bytes of a later request arrive; it stops when
 * the decoder has the whole head. One instance per connection, as two handlers: one before the decoder sees the
 * bytes, one after it sees the requests.
 *
 * <p>A stop leaves the timer pending; when it fires it ends, or, if a later request's head is being read by then,
 * waits for the rest of that one's time. So a kept-alive connection sets a timer about once per timeout, not once
 * per request (see the gateway's ReadDeadline).
 */
public final class HeaderReadTimeout {

    private final long timeoutMillis;
    private final EdgeCounters counters;
    private ScheduledFuture<?> timer;
    private boolean timing;
    private long startedNanos;
    private boolean headRead;

    public HeaderReadTimeout(long timeoutMillis, EdgeCounters counters) {
        this.timeoutMillis = timeoutMillis;
        this.counters = counters;
    }

    /** Goes before the HTTP decoder. */
    public ChannelHandler beforeDecoder() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                if (ctx.channel().isActive()) {
                    start(ctx);
                }
            }

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                start(ctx);
                ctx.fireChannelActive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!headRead) {
                    start(ctx);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                cancel();
                ctx.fireChannelInactive();
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                cancel();
            }
        };
    }

    /** Goes right after the HTTP decoder. */
    public ChannelHandler afterDecoder() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    stop();
                    headRead = true;
                }
                if (msg instanceof LastHttpContent) {
                    // The request is complete: bytes after this belong to the next one.
                    headRead = false;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    /** Event loop only, like every handler method, so the fields need no locking. */
    private void start(ChannelHandlerContext ctx) {
        if (timing) {
            return;
        }
        timing = true;
        startedNanos = now(ctx);
        if (timer == null) {
            schedule(ctx, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> expire(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (!timing) {
            return;
        }
        long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis) - (now(ctx) - startedNanos);
        if (left > 0) {
            // Set for an earlier request's head: this one started later.
            schedule(ctx, left);
            return;
        }
        timing = false;
        counters.refused(Reason.HEADER_TIMEOUT);
        ctx.channel().close();
    }

    private void stop() {
        timing = false;
    }

    private void cancel() {
        stop();
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }
}
