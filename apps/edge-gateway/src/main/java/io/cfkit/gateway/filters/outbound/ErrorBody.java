package io.cfkit.gateway.filters.outbound;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.exception.ErrorType;
import com.netflix.zuul.exception.OutboundErrorType;
import com.netflix.zuul.filters.http.HttpOutboundSyncFilter;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.netty.NettyRequestAttemptFactory;
import com.netflix.zuul.niws.RequestAttempts;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.routing.RouteMatch;

/**
 * Gives Zuul's own error responses (origin unreachable, timed out, no instance) a status the client can act on and a
 * short JSON body. Zuul sends them with no body and statuses that blur the causes (a reset is 504, "no servers" is
 * 502); here: no instance 503, timeout 504, connection failure 502.
 */
public class ErrorBody extends HttpOutboundSyncFilter {

    private static final NettyRequestAttemptFactory ERROR_TYPES = new NettyRequestAttemptFactory();

    @Override
    public int filterOrder() {
        return 10;
    }

    /** Only responses the gateway made up: a backend's own error page is passed through untouched. */
    @Override
    public boolean shouldFilter(HttpResponseMessage response) {
        return response.getStatus() >= 400
                && !response.getContext().containsKey(GatewayContext.BACKEND_RESPONSE)
                && response.getBodyLength() == 0;
    }

    @Override
    public HttpResponseMessage apply(HttpResponseMessage response) {
        SessionContext ctx = response.getContext();
        String service = serviceName(ctx);
        int status = response.getStatus();
        String message;
        Throwable error = ctx.getError();
        ErrorType type = error != null ? ERROR_TYPES.mapNettyToOutboundErrorType(error) : null;
        if (type == OutboundErrorType.NO_AVAILABLE_SERVERS) {
            status = 503;
            String version = ctx.get(GatewayContext.VERSION);
            // A per-version client with an empty list: the policy sends this version traffic, but it has no instance.
            message = "no instance of " + service + (version != null ? " version " + version : "") + " is up";
        } else if (type == OutboundErrorType.READ_TIMEOUT) {
            status = 504;
            message = service + " did not answer within " + readTimeoutMillis(ctx) + " ms";
        } else if (type == OutboundErrorType.CONNECT_ERROR) {
            status = 502;
            message = "cannot connect to " + service;
        } else if (type == OutboundErrorType.RESET_CONNECTION || type == OutboundErrorType.CLOSE_NOTIFY_CONNECTION) {
            status = 502;
            message = service + " closed the connection";
        } else if (type == OutboundErrorType.ORIGIN_SERVER_MAX_CONNS
                || type == OutboundErrorType.ORIGIN_CONCURRENCY_EXCEEDED) {
            status = 503;
            message = service + " is at its connection limit";
        } else if (status == 404) {
            message = "not found";
        } else if (status < 500) {
            message = "bad request";
        } else {
            message = "gateway error";
        }
        response.setStatus(status);
        JsonResponses.writeJson(
                response,
                JsonResponses.errorBody(status, message, JsonResponses.originalPath(response.getOutboundRequest())));
        return response;
    }

    private static String serviceName(SessionContext ctx) {
        RouteMatch match = ctx.get(GatewayContext.ROUTE);
        if (match != null) {
            return match.route().serviceId();
        }
        String vip = ctx.getRouteVIP();
        return vip != null ? vip : "the backend";
    }

    /** The read timeout the proxy applied, as it recorded it with the last attempt. */
    private static long readTimeoutMillis(SessionContext ctx) {
        RequestAttempts attempts = RequestAttempts.getFromSessionContext(ctx);
        return attempts == null || attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).getReadTimeout();
    }
}
