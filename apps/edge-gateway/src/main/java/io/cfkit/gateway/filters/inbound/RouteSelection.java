package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.stats.status.StatusCategoryUtils;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.filters.GatewayContext.GatewayError;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.filters.endpoint.ErrorResponse;
import io.cfkit.gateway.routing.RouteMatch;
import io.cfkit.gateway.routing.RouteRegistry;

/**
 * Matches the path against the routes from the config repo (longest prefix wins), rewrites it for the backend and
 * hands the request to the proxy with the service's ribbon client as route VIP. No route: 404 from
 * ErrorResponse. For a service with a traffic policy, VersionSelection then swaps in a per-version client.
 */
public class RouteSelection extends HttpInboundSyncFilter {

    private final RouteRegistry routes;

    public RouteSelection(GatewayServices services) {
        this.routes = services.routes();
    }

    @Override
    public int filterOrder() {
        return 30;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        SessionContext ctx = request.getContext();
        return ctx.getEndpoint() == null && ctx.getStaticResponse() == null;
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        SessionContext ctx = request.getContext();
        RouteMatch match = routes.current().match(request.getPath());
        if (match == null) {
            StatusCategoryUtils.setStatusCategory(ctx, ZuulStatusCategory.SUCCESS_LOCAL_NO_ROUTE);
            ctx.put(GatewayContext.ERROR, new GatewayError(404, "no route for " + request.getPath()));
            ctx.setEndpoint(ErrorResponse.class.getName());
            return request;
        }
        ctx.put(GatewayContext.ROUTE, match);
        ctx.put(GatewayContext.ROUTED_AT, System.nanoTime());
        request.setPath(match.backendPath());
        ctx.setEndpoint(GatewayContext.PROXY_ENDPOINT);
        ctx.setRouteVIP(match.route().serviceId());
        return request;
    }
}
