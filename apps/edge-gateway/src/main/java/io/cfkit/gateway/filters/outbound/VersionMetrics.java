package io.cfkit.gateway.filters.outbound;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.exception.OutboundErrorType;
import com.netflix.zuul.filters.http.HttpOutboundSyncFilter;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.niws.RequestAttempt;
import com.netflix.zuul.niws.RequestAttempts;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.origin.InstanceAttempt;
import io.cfkit.gateway.routing.RouteMatch;
import io.cfkit.gateway.traffic.TrafficMetrics;
import io.cfkit.gateway.traffic.VersionClients;

/**
 * Counts every routed request for its service and for the version of the instance that answered it (Zuul's record
 * of the attempts names the instance as ribbon chose it; its Eureka metadata the version), with the status the client
 * got (after ErrorBody) and the latency from routing to the response headers. Runs after ErrorBody for that reason.
 */
public class VersionMetrics extends HttpOutboundSyncFilter {

    private static final String CONNECT_ERROR = OutboundErrorType.CONNECT_ERROR.toString();

    private final TrafficMetrics metrics;

    public VersionMetrics(GatewayServices services) {
        this.metrics = services.metrics();
    }

    @Override
    public int filterOrder() {
        return 15;
    }

    @Override
    public boolean shouldFilter(HttpResponseMessage response) {
        return response.getContext().get(GatewayContext.ROUTE) != null;
    }

    @Override
    public HttpResponseMessage apply(HttpResponseMessage response) {
        SessionContext ctx = response.getContext();
        RouteMatch match = ctx.get(GatewayContext.ROUTE);
        String service = match.route().serviceId();
        Long routedAt = ctx.get(GatewayContext.ROUTED_AT);
        long latencyMicros = routedAt == null ? 0 : (System.nanoTime() - routedAt) / 1000;

        // No attempt at all: answered by the gateway (a pin without instance); then the chosen version, if any.
        String version = ctx.get(GatewayContext.VERSION);
        RequestAttempts attempts = RequestAttempts.getFromSessionContext(ctx);
        if (attempts != null) {
            for (RequestAttempt attempt : attempts) {
                if (!(attempt instanceof InstanceAttempt tried)) {
                    continue;
                }
                String attemptVersion = VersionClients.versionOf(tried.instance().getMetadata());
                if (CONNECT_ERROR.equals(attempt.getError())) {
                    metrics.connectFailure(service, attemptVersion);
                }
                version = attemptVersion;
            }
        }
        metrics.record(service, version != null ? version : VersionClients.UNKNOWN, response.getStatus(), latencyMicros);
        return response;
    }
}
