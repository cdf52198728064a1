package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.http.HttpRequestMessage;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.filters.GatewayContext.GatewayError;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.filters.endpoint.ErrorResponse;
import io.cfkit.gateway.routing.RouteMatch;
import io.cfkit.gateway.traffic.Decision;
import io.cfkit.gateway.traffic.RequestKeys;
import io.cfkit.gateway.traffic.TrafficRouter;

/**
 * For a service with a traffic policy, picks the version (pin, sticky bucket, weighted round-robin) and sends the
 * request to that version's ribbon client. Zuul's load balancer gets no per-request key, so this is the only place a
 * request can be steered; the client's server-list filter then keeps the balancing and the retry inside the version.
 * A pin to a version without an instance is answered 503 here.
 */
public class VersionSelection extends HttpInboundSyncFilter {

    private final TrafficRouter traffic;

    public VersionSelection(GatewayServices services) {
        this.traffic = services.traffic();
    }

    @Override
    public int filterOrder() {
        return 40;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        SessionContext ctx = request.getContext();
        return ctx.get(GatewayContext.ROUTE) != null && GatewayContext.PROXY_ENDPOINT.equals(ctx.getEndpoint());
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        SessionContext ctx = request.getContext();
        RouteMatch match = ctx.get(GatewayContext.ROUTE);
        Decision decision = traffic.decide(match.route().serviceId(), keys(request));
        if (decision instanceof Decision.Routed routed) {
            ctx.put(GatewayContext.VERSION, routed.version());
            ctx.setRouteVIP(routed.client());
        } else if (decision instanceof Decision.PinnedWithoutInstance pinned) {
            ctx.put(GatewayContext.VERSION, pinned.version());
            ctx.put(GatewayContext.ERROR, new GatewayError(
                    503, "no instance of " + pinned.service() + " version " + pinned.version() + " is up"));
            ctx.setEndpoint(ErrorResponse.class.getName());
        }
        return request;
    }

    private static RequestKeys keys(HttpRequestMessage request) {
        return new RequestKeys() {
            @Override
            public String header(String name) {
                return request.getHeaders().getFirst(name);
            }

            @Override
            public String cookie(String name) {
                try {
                    return request.parseCookies().getFirstValue(name);
                } catch (RuntimeException malformed) {
                    // A cookie header the decoder rejects pins nothing; the request is still served.
                    return null;
                }
            }
        };
    }
}
