package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.http.HttpRequestMessage;
import io.cfkit.gateway.edge.ExpectContinue;
import io.netty.channel.ChannelHandlerContext;

/**
 * Tells a client that asked ({@code Expect: 100-continue}) to send its body, once RequestValidation, LoadShedding and
 * BodySizeLimit have let the request through (a refusal stops the filters before this one), so a refused request
 * gets its final answer instead. Runs before the filters that wait for the body, which the client would otherwise
 * hold back.
 */
public class ContinueAfterChecks extends HttpInboundSyncFilter {

    @Override
    public int filterOrder() {
        return -7;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        return request.hasBody();
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        ChannelHandlerContext client =
                (ChannelHandlerContext) request.getContext().get(CommonContextKeys.NETTY_SERVER_CHANNEL_HANDLER_CONTEXT);
        ExpectContinue.sendIfAsked(client.channel());
        return request;
    }
}
