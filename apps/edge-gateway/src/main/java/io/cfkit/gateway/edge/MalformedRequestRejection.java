package io.cfkit.gateway.edge;

import io.cfkit.gateway.edge.EdgeCounters.Reason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers a request Netty's decoder could not read (headers over the limit, a request line too long, a malformed
 * line or header, conflicting framing) with a status and a JSON body, then closes. Zuul's server closed the connection
 * without a word (ClientRequestReceiver's "decodefailure"), which a client cannot tell from a crash. Sits right after
 * the decoder; nothing of such a request reaches the filters.
 */
public final class MalformedRequestRejection extends ChannelInboundHandlerAdapter {

    private final EdgeLimits limits;
    private final EdgeCounters counters;
    private boolean rejected;

    public MalformedRequestRejection(EdgeLimits limits, EdgeCounters counters) {
        this.limits = limits;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            // The decoder discards what follows a failure; anything already decoded goes too.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpRequest request) || request.decoderResult().isSuccess()) {
            ctx.fireChannelRead(msg);
            return;
        }
        rejected = true;
        Throwable cause = request.decoderResult().cause();
        ReferenceCountUtil.release(msg);
        if (cause instanceof TooLongHttpHeaderException) {
            counters.refused(Reason.HEADERS_TOO_LARGE);
            // The request line was read, so its path is the client's.
            EdgeResponses.sendAndClose(ctx, 431,
                    "request headers larger than " + limits.maxHeaderSize() + " bytes", pathOf(request.uri()));
        } else if (cause instanceof TooLongHttpLineException) {
            counters.refused(Reason.URI_TOO_LONG);
            EdgeResponses.sendAndClose(ctx, 414,
                    "request line longer than " + limits.maxInitialLineLength() + " bytes", null);
        } else {
            counters.refused(Reason.BAD_REQUEST);
            // Netty's message for a line it could not parse carries a made-up path; none is better than a wrong one.
            EdgeResponses.sendAndClose(ctx, 400, "malformed HTTP request", null);
        }
    }

    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
