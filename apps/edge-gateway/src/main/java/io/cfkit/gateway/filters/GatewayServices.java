package io.cfkit.gateway.filters;

import io.cfkit.gateway.config.ConfigRefresher;
import io.cfkit.gateway.discovery.EurekaRegistration;
import io.cfkit.gateway.http.BasicCredentials;
import io.cfkit.gateway.routing.OriginSelector;
import io.cfkit.gateway.routing.RouteRegistry;

/**
 * What the filters need from the rest of the gateway. Zuul creates filters through a factory; without Guice this
 * record is how they get their collaborators (see {@code GatewayFilterFactory}).
 */
public record GatewayServices(
        RouteRegistry routes,
        OriginSelector originSelector,
        ConfigRefresher configRefresher,
        EurekaRegistration eureka,
        BasicCredentials adminCredentials,
        String instanceId) {}
