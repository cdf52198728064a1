package io.cfkit.gateway.filters;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.filters.endpoint.ProxyEndpoint;
import io.cfkit.gateway.routing.RouteMatch;

/** What the gateway's filters tell each other about one request, through Zuul's session context. */
public final class GatewayContext {

    /**
     * The endpoint name that sends a request to a backend (OriginProxy): Zuul's ProxyEndpoint's, as Zuul's filters
     * name it.
     */
    public static final String PROXY_ENDPOINT = ProxyEndpoint.class.getCanonicalName();

    /** Present when the response on its way out is a backend's, not one the gateway made up. */
    public static final SessionContext.Key<Boolean> BACKEND_RESPONSE = SessionContext.newKey("cfkit.backendResponse");

    /** The route chosen by RouteSelection; absent for local endpoints and unknown paths. */
    public static final SessionContext.Key<RouteMatch> ROUTE = SessionContext.newKey("cfkit.route");

    /** {@code System.nanoTime()} when the route was chosen: where the latency of the traffic metrics starts. */
    public static final SessionContext.Key<Long> ROUTED_AT = SessionContext.newKey("cfkit.routedAt");

    /** The version the traffic policy chose; absent for services without a policy. */
    public static final SessionContext.Key<String> VERSION = SessionContext.newKey("cfkit.version");

    /** Why the request is answered by ErrorResponse instead of a backend. */
    public static final SessionContext.Key<GatewayError> ERROR = SessionContext.newKey("cfkit.error");

    private GatewayContext() {}

    /** A status and a message for the client; the message names no secret and no internal address. */
    public record GatewayError(int status, String message) {}
}
