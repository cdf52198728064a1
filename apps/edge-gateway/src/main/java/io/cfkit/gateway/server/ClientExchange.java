package io.cfkit.gateway.server;

import com.netflix.netty.common.HttpLifecycleChannelHandler.CompleteEvent;
import com.netflix.netty.common.HttpLifecycleChannelHandler.CompleteReason;
import com.netflix.netty.common.HttpRequestReadTimeoutEvent;
import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.exception.OutboundException;
import com.netflix.zuul.message.http.HttpQueryParams;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpRequestMessageImpl;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.message.http.HttpResponseMessageImpl;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.filters.GatewayContext.GatewayError;
import io.cfkit.gateway.filters.endpoint.ErrorResponse;
import io.cfkit.gateway.http.HeaderCopies;
import io.cfkit.gateway.origin.OriginProxy;
import io.cfkit.gateway.origin.ProxyListener;
import io.cfkit.gateway.origin.RequestBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * One client connection's requests, one at a time: each becomes Zuul's request message and context, goes through
 * the filters ({@link FilterRunner}), its body read whole (up to the limits the edge filters enforce), and is
 * answered by a local endpoint or proxied ({@link OriginProxy}), the backend's response streamed back after the
 * outbound filters. Requests a client pipelines behind one in progress wait until it is answered.
 */
final class ClientExchange extends ChannelInboundHandlerAdapter {

    private enum State { IDLE, READING_BODY, STREAMING_BODY, RESPONDING, DISCARDING_BODY }

    private final FilterRunner filters;
    private final OriginProxy proxy;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private HttpRequest clientRequest;
    private HttpRequestMessage request;
    private CompositeByteBuf body;
    private RequestBody streamed;
    private boolean keepAlive;
    private boolean requestRead;
    private boolean responseStarted;
    private boolean responseDone;
    private boolean closing;

    ClientExchange(FilterRunner filters, OriginProxy proxy) {
        this.filters = filters;
        this.proxy = proxy;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** For the server's shutdown: closes the connection now if no request is in progress, else after its answer. */
    void closeWhenIdle() {
        closing = true;
        if (state == State.IDLE) {
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.RESPONDING || !waiting.isEmpty()) {
            // A pipelined request: it waits for the one in progress (bounded: reading stops meanwhile).
            waiting.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        read(msg);
    }

    private void read(Object msg) {
        if (msg instanceof HttpRequest head) {
            begin(head);
        }
        if (msg instanceof HttpContent content) {
            readBody(content);
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(HttpRequest head) {
        clientRequest = head;
        responseStarted = false;
        responseDone = false;
        keepAlive = HttpUtil.isKeepAlive(head) && !closing;
        requestRead = false;
        request = message(head);
        SessionContext context = request.getContext();
        filters.inbound(request);
        if (context.getStaticResponse() != null) {
            state = State.DISCARDING_BODY;
            respondLocally(context.getStaticResponse());
            return;
        }
        if (FilterRunner.proxied(context) && streamable(head)) {
            state = State.STREAMING_BODY;
            ForwardedHeaders.apply(request);
            streamed = proxy.stream(request, HttpUtil.getContentLength(head), ctx.channel(), new ResponseToClient(request));
            return;
        }
        state = State.READING_BODY;
        body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
    }

    /**
     * A body with a Content-Length goes to the backend as it arrives (BodySizeLimit has checked the length). A chunked
     * one is read whole first, so that BodySizeLimit can refuse it before a backend sees any of it; a request without
     * a body is whole at once, and can be retried on another instance.
     */
    private static boolean streamable(HttpRequest head) {
        return !HttpUtil.isTransferEncodingChunked(head) && HttpUtil.getContentLength(head, 0L) > 0;
    }

    private void readBody(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (state == State.STREAMING_BODY && streamed != null) {
            HttpContent kept = filters.bodyChunk(request, content);
            if (kept != null) {
                streamed.write(kept);
            }
            if (last) {
                requestRead = true;
                streamed = null;
                if (responseDone) {
                    next();
                } else {
                    state = State.RESPONDING;
                }
            }
            return;
        }
        if (state == State.READING_BODY) {
            HttpContent kept = filters.bodyChunk(request, content);
            if (kept == null) {
                // A filter answered (a body over its limit) and closes the connection.
                releaseBody();
                state = State.DISCARDING_BODY;
                closing = true;
            } else {
                ByteBuf bytes = kept.content();
                if (bytes.isReadable()) {
                    body.addComponent(true, bytes.retain());
                }
                kept.release();
                if (last) {
                    requestRead = true;
                    dispatch();
                }
                return;
            }
        } else {
            content.release();
        }
        if (last) {
            requestRead = true;
            if (responseDone) {
                next();
            } else {
                // The answer is still being written; a pipelined request waits for it.
                state = State.RESPONDING;
            }
        }
    }

    private void dispatch() {
        state = State.RESPONDING;
        SessionContext context = request.getContext();
        if (FilterRunner.proxied(context)) {
            ForwardedHeaders.apply(request);
            ByteBuf sent = body;
            body = null;
            proxy.send(request, sent, ctx.channel(), new ResponseToClient(request));
        } else {
            releaseBody();
            filters.endpoint(request, this::respondLocallyOnEventLoop);
        }
    }

    private void respondLocallyOnEventLoop(HttpResponseMessage response) {
        if (ctx.executor().inEventLoop()) {
            respondLocally(response);
        } else {
            ctx.executor().execute(() -> respondLocally(response));
        }
    }

    /** An answer from the gateway itself: a local endpoint's, a refusal, an error. */
    private void respondLocally(HttpResponseMessage response) {
        filters.outbound(response);
        byte[] bytes = response.getBody();
        ByteBuf content = bytes == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        HttpHeaders headers = HeaderCopies.toNetty(response.getHeaders());
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        headers.set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(headers.get(HttpHeaderNames.CONNECTION))) {
            keepAlive = false;
        }
        DefaultFullHttpResponse full = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.getStatus()), content, headers,
                new DefaultHttpHeaders(false));
        finishHead(full);
        ctx.writeAndFlush(full).addListener(written -> responded(full));
    }

    /** Connection headers for the client; hop-by-hop ones of the backend are not passed on. */
    private void finishHead(HttpResponse response) {
        HttpHeaders headers = response.headers();
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(HttpHeaderNames.CONNECTION);
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientRequest.protocolVersion() == HttpVersion.HTTP_1_0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void responded(HttpResponse response) {
        responseDone = true;
        ctx.pipeline().fireUserEventTriggered(new CompleteEvent(CompleteReason.SESSION_COMPLETE, clientRequest, response));
        if (!keepAlive) {
            ctx.close();
            return;
        }
        if (state == State.RESPONDING || requestRead) {
            next();
        }
        // Else the rest of a refused request's body is still to be read and dropped; next() follows its end.
    }

    /** The exchange is over: the next request, if one waits. */
    private void next() {
        state = State.IDLE;
        request = null;
        clientRequest = null;
        if (closing) {
            ctx.close();
            return;
        }
        Object msg;
        while (state != State.RESPONDING && (msg = waiting.poll()) != null) {
            read(msg);
        }
        if (waiting.isEmpty()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HttpRequestReadTimeoutEvent
                && (state == State.READING_BODY || state == State.STREAMING_BODY)) {
            releaseBody();
            keepAlive = false;
            if (streamed != null) {
                streamed.abort();
                streamed = null;
            }
            state = State.DISCARDING_BODY;
            if (responseStarted) {
                ctx.close();
                return;
            }
            request.getContext().put(GatewayContext.ERROR, new GatewayError(408, "request body not received in time"));
            request.getContext().setEndpoint(ErrorResponse.class.getName());
            filters.endpoint(request, this::respondLocallyOnEventLoop);
            return;
        }
        if (evt instanceof IdleStateEvent && state == State.IDLE) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseBody();
        if (streamed != null) {
            streamed.abort();
            streamed = null;
        }
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    /** Zuul's request message, as its ClientRequestReceiver builds it, with the connection in the context. */
    private HttpRequestMessage message(HttpRequest head) {
        SessionContext context = new SessionContext();
        context.set(CommonContextKeys.NETTY_SERVER_CHANNEL_HANDLER_CONTEXT, ctx);
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        String uri = head.uri();
        int query = uri.indexOf('?');
        HttpRequestMessage message = new HttpRequestMessageImpl(
                context,
                head.protocolVersion().text(),
                head.method().name().toLowerCase(Locale.ROOT),
                query < 0 ? uri : uri.substring(0, query),
                HttpQueryParams.parse(query < 0 ? null : uri.substring(query + 1)),
                HeaderCopies.toZuul(head.headers()),
                remote.getAddress().getHostAddress(),
                "http",
                local.getPort(),
                local.getAddress().getHostAddress(),
                local,
                false);
        if (HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0) {
            message.setHasBody(true);
        }
        // Zuul's contract: a response made for a request without it logs a warning with a stack trace, each time.
        message.storeInboundRequest();
        return message;
    }

    /** A proxied request's response, on its way to the client after the outbound filters. */
    private final class ResponseToClient implements ProxyListener {
        private final HttpRequestMessage proxied;
        private HttpResponse head;

        ResponseToClient(HttpRequestMessage proxied) {
            this.proxied = proxied;
        }

        @Override
        public void head(HttpResponse originResponse) {
            HttpResponseMessage response = new HttpResponseMessageImpl(
                    proxied.getContext(), HeaderCopies.toZuul(originResponse.headers()), proxied,
                    originResponse.status().code());
            response.setHasBody(true);
            response.getContext().put(GatewayContext.BACKEND_RESPONSE, true);
            filters.outbound(response);
            HttpHeaders headers = HeaderCopies.toNetty(response.getHeaders());
            head = new DefaultHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.getStatus()), headers);
            finishHead(head);
            responseStarted = true;
            ctx.write(head);
        }

        @Override
        public void content(HttpContent content) {
            if (!ctx.channel().isActive()) {
                content.release();
                return;
            }
            if (content instanceof LastHttpContent) {
                HttpResponse written = head;
                ctx.writeAndFlush(content).addListener(done -> responded(written));
            } else {
                ctx.writeAndFlush(content);
            }
        }

        @Override
        public void failed(OutboundException error) {
            if (head != null) {
                // The response broke off after its head went out: the client can only tell by the connection.
                ctx.close();
                return;
            }
            SessionContext context = proxied.getContext();
            context.setError(error);
            int status = error.getStatusCode() >= 400 ? error.getStatusCode() : 502;
            respondLocally(new HttpResponseMessageImpl(context, proxied, status));
        }
    }
}
