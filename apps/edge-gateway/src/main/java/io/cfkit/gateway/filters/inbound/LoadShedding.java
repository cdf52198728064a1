package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.edge.AdmissionRelease;
import io.cfkit.gateway.edge.ConcurrencyLimiter;
import io.cfkit.gateway.edge.ConcurrencyLimiter.Limit;
import io.cfkit.gateway.edge.ConcurrencyLimiter.Result;
import io.cfkit.gateway.edge.EdgeCounters;
import io.cfkit.gateway.edge.EdgeLimits;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.routing.RouteRegistry;
import io.netty.channel.ChannelHandlerContext;

/**
 * Admits a routed request only while the gateway and its route are under their limits of requests in flight
 * ({@code gateway.limits.max-concurrent-requests}, {@code zuul.routes.<route>.max-concurrent-requests}); beyond them,
 * a 503 with {@code Retry-After} at once, before any buffering or backend connection. Health and admin requests are
 * never shed. The admission is given back by AdmissionRelease when the request is over, however it ends.
 */
public class LoadShedding extends HttpInboundSyncFilter {

    private final RouteRegistry routes;
    private final EdgeLimits limits;
    private final ConcurrencyLimiter concurrency;
    private final EdgeCounters counters;

    public LoadShedding(GatewayServices services) {
        this.routes = services.routes();
        this.limits = services.edge().limits();
        this.concurrency = services.edge().concurrency();
        this.counters = services.edge().counters();
    }

    @Override
    public int filterOrder() {
        return -15;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        return true;
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        String route = Refusal.routeName(routes, request.getPath());
        if (route == null) {
            return request;
        }
        Result result =
                concurrency.tryAcquire(route, limits.maxConcurrentRequests(), limits.maxConcurrentRequests(route));
        if (result.admission() != null) {
            ChannelHandlerContext client = (ChannelHandlerContext)
                    request.getContext().get(CommonContextKeys.NETTY_SERVER_CHANNEL_HANDLER_CONTEXT);
            AdmissionRelease.hold(client.channel(), result.admission());
            if (!client.channel().isActive()) {
                // Closed while we decided: AdmissionRelease has run already for this connection.
                result.admission().release();
            }
            return request;
        }
        counters.shed(route);
        String message = result.exceeded() == Limit.ROUTE
                ? "too many requests in flight for " + route + ", try again shortly"
                : "gateway overloaded, try again shortly";
        HttpResponseMessage response = Refusal.answer(
                request, 503, message, ZuulStatusCategory.FAILURE_LOCAL_THROTTLED_ORIGIN_CONCURRENCY, false);
        response.getHeaders().set("Retry-After", Integer.toString(limits.retryAfterSeconds()));
        return request;
    }
}
