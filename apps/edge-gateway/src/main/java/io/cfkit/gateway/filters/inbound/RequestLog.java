package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.http.HttpRequestMessage;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.routing.RouteMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, path and where it goes. Off by default (logger at WARN, see logback.xml): at a few
 * thousand requests a second the line itself becomes the cost. {@code REQUEST_LOG_LEVEL=INFO} turns it on.
 */
public class RequestLog extends HttpInboundSyncFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

    @Override
    public int filterOrder() {
        return 100;
    }

    /** Also logs requests that AdminAuthentication already answered. */
    @Override
    public boolean overrideStopFilterProcessing() {
        return true;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        return LOG.isInfoEnabled();
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        SessionContext ctx = request.getContext();
        RouteMatch match = ctx.get(GatewayContext.ROUTE);
        String target;
        if (match != null) {
            target = "route " + match.route().name() + " -> " + ctx.getRouteVIP() + " " + match.backendPath();
        } else if (ctx.getStaticResponse() != null) {
            target = "answered " + ctx.getStaticResponse().getStatus();
        } else {
            target = "endpoint " + simpleName(ctx.getEndpoint());
        }
        LOG.info("{} {} {}", request.getMethod().toUpperCase(), JsonResponses.originalPath(request), target);
        return request;
    }

    private static String simpleName(String className) {
        return className == null ? "none" : className.substring(className.lastIndexOf('.') + 1);
    }
}
