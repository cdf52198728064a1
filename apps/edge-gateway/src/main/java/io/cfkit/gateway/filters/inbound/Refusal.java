package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.StatusCategory;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.routing.RouteRegistry;
import io.cfkit.gateway.routing.RouteMatch;

/** What the edge's inbound filters share: their JSON answer, and the route a request will take. */
final class Refusal {

    private Refusal() {}

    /**
     * Answers the request from the gateway and stops the filters that would route it. With {@code close}, the
     * connection is closed after the answer: used when the request's framing cannot be trusted, or its body is not
     * going to be read.
     */
    static HttpResponseMessage answer(
            HttpRequestMessage request, int status, String message, StatusCategory category, boolean close) {
        HttpResponseMessage response = JsonResponses.json(
                request, status, JsonResponses.errorBody(status, message, request.getPath()), category);
        if (close) {
            response.getHeaders().set("Connection", "close");
        }
        SessionContext ctx = request.getContext();
        ctx.setStaticResponse(response);
        ctx.stopFilterProcessing();
        return response;
    }

    /**
     * The name of the route RouteSelection will choose, or null for the gateway's own paths and unrouted ones. The
     * edge filters run before RouteSelection, so that a refused request costs no routing, no buffering and no
     * backend connection; they look the route up in the same table.
     */
    static String routeName(RouteRegistry routes, String path) {
        if (LocalEndpointSelection.HEALTH.equals(path) || LocalEndpointSelection.isAdminPath(path)) {
            return null;
        }
        RouteMatch match = routes.current().match(path);
        return match == null ? null : match.route().name();
    }
}
