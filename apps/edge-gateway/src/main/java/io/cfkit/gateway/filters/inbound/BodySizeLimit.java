package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.ZuulMessage;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.edge.EdgeCounters;
import io.cfkit.gateway.edge.EdgeCounters.Reason;
import io.cfkit.gateway.edge.EdgeLimits;
import io.cfkit.gateway.edge.EdgeResponses;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.routing.RouteRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses bodies over the limit with 413: the route's {@code zuul.routes.<route>.max-body-size}, else
 * {@code gateway.limits.max-body-size}. A Content-Length over it is answered before any of the body is read, and the
 * connection closed. A chunked body is counted as it arrives (ClientExchange holds a chunked body back from the backend
 * meanwhile) and refused the moment it passes the limit.
 */
public class BodySizeLimit extends HttpInboundSyncFilter {

    /** Bytes a chunked body may still bring; set only for chunked bodies. */
    private static final SessionContext.Key<AtomicLong> REMAINING = SessionContext.newKey("cfkit.bodyBytesRemaining");

    private final RouteRegistry routes;
    private final EdgeLimits limits;
    private final EdgeCounters counters;

    public BodySizeLimit(GatewayServices services) {
        this.routes = services.routes();
        this.limits = services.edge().limits();
        this.counters = services.edge().counters();
    }

    @Override
    public int filterOrder() {
        return -10;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        return request.hasBody();
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        long limit = limits.maxBodySize(Refusal.routeName(routes, request.getPath()));
        String contentLength = request.getHeaders().getFirst("Content-Length");
        if (contentLength == null) {
            request.getContext().put(REMAINING, new AtomicLong(limit));
            return request;
        }
        if (contentLength(contentLength) > limit) {
            counters.refused(Reason.BODY_TOO_LARGE);
            Refusal.answer(request, 413, tooLarge(limit), ZuulStatusCategory.FAILURE_CLIENT_BAD_REQUEST, true);
        }
        return request;
    }

    @Override
    public HttpContent processContentChunk(ZuulMessage message, HttpContent chunk) {
        SessionContext ctx = message.getContext();
        AtomicLong remaining = ctx.get(REMAINING);
        if (remaining == null || remaining.addAndGet(-chunk.content().readableBytes()) >= 0) {
            return chunk;
        }
        // The filters wait for the rest of the body, so no response can go through them: answer on the connection.
        ctx.remove(REMAINING);
        ReferenceCountUtil.safeRelease(chunk);
        counters.refused(Reason.BODY_TOO_LARGE);
        ChannelHandlerContext client =
                (ChannelHandlerContext) ctx.get(CommonContextKeys.NETTY_SERVER_CHANNEL_HANDLER_CONTEXT);
        // The path the client sent: RouteSelection, which runs on the head, has rewritten it for the backend.
        String path = JsonResponses.originalPath((HttpRequestMessage) message);
        EdgeResponses.sendAndClose(
                client.channel(), 413, tooLarge(limits.maxBodySize(Refusal.routeName(routes, path))), path);
        return null;
    }

    /** RequestValidation has refused anything but one plain number; should it be switched off, junk is too large. */
    private static long contentLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String tooLarge(long limit) {
        return "request body larger than " + limit + " bytes";
    }
}
