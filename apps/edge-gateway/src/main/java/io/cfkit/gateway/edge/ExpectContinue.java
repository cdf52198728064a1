package io.cfkit.gateway.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;

/**
 * Sends {@code 100 Continue} only once the edge has accepted the request. Zuul's server sent it as soon as the headers were
 * read (ClientRequestReceiver), so a client such as curl, which asks before every large upload, would send a body
 * the gateway is about to refuse with 413. The handler takes the {@code Expect} header off the request; the filter
 * ContinueAfterChecks calls {@link #sendIfAsked} after the refusing filters.
 */
public final class ExpectContinue {

    private static final AttributeKey<Boolean> ASKED = AttributeKey.newInstance("cfkit.expectContinue");

    @ChannelHandler.Sharable
    private static final class Deferral extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                // Per request: what an earlier request on the connection asked for does not carry over.
                boolean asked = HttpUtil.is100ContinueExpected(request);
                if (asked) {
                    request.headers().remove(HttpHeaderNames.EXPECT);
                }
                ctx.channel().attr(ASKED).set(asked ? Boolean.TRUE : null);
            }
            ctx.fireChannelRead(msg);
        }
    }

    private static final ChannelHandler DEFERRAL = new Deferral();

    private ExpectContinue() {}

    /** Goes after the HTTP decoder, before the request's exchange. */
    public static ChannelHandler deferral() {
        return DEFERRAL;
    }

    /** Sends the {@code 100 Continue} the client asked for, if it did; at most once per request. */
    public static void sendIfAsked(Channel channel) {
        if (Boolean.TRUE.equals(channel.attr(ASKED).getAndSet(null))) {
            channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }
}
