package io.cfkit.gateway.routing;

import com.netflix.zuul.message.http.HttpRequestMessage;

/**
 * Chooses the ribbon client (Zuul's route VIP) for a matched route. Today that is the route's service id; a weighted
 * canary would pick one of several per-version clients of the same service here, per request.
 */
@FunctionalInterface
public interface OriginSelector {

    OriginSelector SERVICE_ID = (route, request) -> route.serviceId();

    String clientFor(Route route, HttpRequestMessage request);
}
