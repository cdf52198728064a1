package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.http.HttpRequestMessage;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.filters.GatewayContext.GatewayError;
import io.cfkit.gateway.filters.endpoint.AdminMetrics;
import io.cfkit.gateway.filters.endpoint.AdminPrometheus;
import io.cfkit.gateway.filters.endpoint.AdminRefresh;
import io.cfkit.gateway.filters.endpoint.AdminRoutes;
import io.cfkit.gateway.filters.endpoint.AdminTraffic;
import io.cfkit.gateway.filters.endpoint.ErrorResponse;
import io.cfkit.gateway.filters.endpoint.Health;

/**
 * Sends the gateway's own paths to its endpoints. They are matched before the routes, so no route in the config
 * repo can shadow the health check or the admin API.
 */
public class LocalEndpointSelection extends HttpInboundSyncFilter {

    static final String HEALTH = "/health";
    static final String ADMIN = "/admin";

    @Override
    public int filterOrder() {
        return 20;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        String path = request.getPath();
        return HEALTH.equals(path) || isAdminPath(path);
    }

    static boolean isAdminPath(String path) {
        return path.equals(ADMIN) || path.startsWith(ADMIN + "/");
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        SessionContext ctx = request.getContext();
        String path = stripTrailingSlash(request.getPath());
        switch (path) {
            case HEALTH -> ctx.setEndpoint(Health.class.getName());
            case ADMIN + "/refresh" -> ctx.setEndpoint(AdminRefresh.class.getName());
            case ADMIN + "/routes" -> ctx.setEndpoint(AdminRoutes.class.getName());
            case ADMIN + "/traffic" -> ctx.setEndpoint(AdminTraffic.class.getName());
            case ADMIN + "/metrics" -> ctx.setEndpoint(AdminMetrics.class.getName());
            case ADMIN + "/metrics/prometheus" -> ctx.setEndpoint(AdminPrometheus.class.getName());
            default -> {
                ctx.put(GatewayContext.ERROR, new GatewayError(404, "no admin endpoint " + path));
                ctx.setEndpoint(ErrorResponse.class.getName());
            }
        }
        return request;
    }

    private static String stripTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
