package io.cfkit.gateway.filters.endpoint;

import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.http.JsonResponses;
import java.util.Map;

/**
 * {@code GET /health}, the Cloud Foundry health check. It says the gateway serves requests, not that every backend
 * is up: one missing backend must not get all gateway instances restarted.
 */
public class Health extends HttpSyncEndpoint {

    private static final Map<String, String> UP = Map.of("status", "UP");

    @Override
    public HttpResponseMessage apply(HttpRequestMessage request) {
        if (!Methods.allowed(request, "GET", "HEAD")) {
            return Methods.notAllowed(request, "GET, HEAD");
        }
        return JsonResponses.json(request, 200, UP, ZuulStatusCategory.SUCCESS);
    }
}
