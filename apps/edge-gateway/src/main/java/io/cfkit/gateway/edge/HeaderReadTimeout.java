package io.cfkit.gateway.edge;

import io.cfkit.gateway.edge.EdgeCounters.Reason;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request headers take longer than the limit to arrive (slowloris: a byte every few
 * seconds keeps the idle timeout from ever firing, and the body's read timeout starts only once the headers are
 * in). The clock starts when the connection opens and when the first bytes of a later request arrive; it stops when
 * the decoder has the whole head. One instance per connection, as two handlers: one before the decoder sees the
 * bytes, one after it sees the requests.
 *
 * <p>The timer is a ReadDeadline's: on a kept-alive connection it is set about once per timeout, not once per request.
 */
public final class HeaderReadTimeout {

    private final long timeoutMillis;
    private final EdgeCounters counters;
    /** Reads are not reported to it: the head's time runs from its first bytes, however they trickle in. */
    private final ReadDeadline deadline = new ReadDeadline(this::expire);
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
        };
    }

    /** Goes right after the HTTP decoder. */
    public ChannelHandler afterDecoder() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    deadline.stop();
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

    private void expire(ChannelHandlerContext ctx) {
        counters.refused(Reason.HEADER_TIMEOUT);
        ctx.channel().close();
    }

    private void start(ChannelHandlerContext ctx) {
        deadline.watch();
        deadline.arm(ctx, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }
}
