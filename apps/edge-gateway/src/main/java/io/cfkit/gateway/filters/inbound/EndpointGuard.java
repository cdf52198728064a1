package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.http.HttpRequestMessage;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.filters.GatewayContext.GatewayError;
import io.cfkit.gateway.filters.endpoint.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last inbound filter: a request that no filter gave an endpoint or an answer (an earlier filter failed) is logged
 * and sent to ErrorResponse with a 500, so that the failure is seen, not only answered.
 */
public class EndpointGuard extends HttpInboundSyncFilter {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointGuard.class);

    @Override
    public int filterOrder() {
        return 1000;
    }

    @Override
    public boolean overrideStopFilterProcessing() {
        return true;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        SessionContext ctx = request.getContext();
        return ctx.getEndpoint() == null && ctx.getStaticResponse() == null;
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        SessionContext ctx = request.getContext();
        LOG.error("No endpoint chosen for {} {}", request.getMethod(), request.getPath(), ctx.getError());
        if (ctx.get(GatewayContext.ERROR) == null) {
            ctx.put(GatewayContext.ERROR, new GatewayError(500, "internal gateway error"));
        }
        ctx.setEndpoint(ErrorResponse.class.getName());
        return request;
    }
}
