package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.BasicCredentials;
import io.cfkit.gateway.http.JsonResponses;

/** Answers 401 to any {@code /admin} request without the admin's Basic credentials, before anything else runs. */
public class AdminAuthentication extends HttpInboundSyncFilter {

    private final BasicCredentials credentials;

    public AdminAuthentication(GatewayServices services) {
        this.credentials = services.adminCredentials();
    }

    @Override
    public int filterOrder() {
        return 10;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        return LocalEndpointSelection.isAdminPath(request.getPath());
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        if (credentials.accepts(request.getHeaders().getFirst("Authorization"))) {
            return request;
        }
        HttpResponseMessage response = JsonResponses.json(
                request,
                401,
                JsonResponses.errorBody(401, "authentication required", request.getPath()),
                ZuulStatusCategory.FAILURE_CLIENT_BAD_REQUEST);
        response.getHeaders().set("WWW-Authenticate", "Basic realm=\"edge-gateway\", charset=\"UTF-8\"");
        request.getContext().setStaticResponse(response);
        request.getContext().stopFilterProcessing();
        return request;
    }
}
