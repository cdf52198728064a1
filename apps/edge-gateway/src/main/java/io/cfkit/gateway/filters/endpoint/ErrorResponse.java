package io.cfkit.gateway.filters.endpoint;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.exception.ZuulException;
import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.filters.GatewayContext.GatewayError;
import io.cfkit.gateway.http.JsonResponses;

/**
 * The JSON error answer for requests the gateway cannot route; FilterRunner also sends here a request whose filter
 * or endpoint failed, or that names no endpoint it knows.
 */
public class ErrorResponse extends HttpSyncEndpoint {

    @Override
    public HttpResponseMessage apply(HttpRequestMessage request) {
        SessionContext ctx = request.getContext();
        GatewayError error = ctx.get(GatewayContext.ERROR);
        if (error == null) {
            error = fromThrowable(ctx.getError());
        }
        return JsonResponses.json(
                request,
                error.status(),
                JsonResponses.errorBody(error.status(), error.message(), JsonResponses.originalPath(request)),
                error.status() == 404 ? ZuulStatusCategory.SUCCESS_LOCAL_NO_ROUTE : ZuulStatusCategory.FAILURE_LOCAL);
    }

    private static GatewayError fromThrowable(Throwable error) {
        if (error instanceof ZuulException ze && ze.getStatusCode() >= 400) {
            return new GatewayError(ze.getStatusCode(), ze.getStatusCode() < 500 ? "bad request" : "gateway error");
        }
        return new GatewayError(500, "internal gateway error");
    }
}
