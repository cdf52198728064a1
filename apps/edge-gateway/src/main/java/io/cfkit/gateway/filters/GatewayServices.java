package io.cfkit.gateway.filters;

import io.cfkit.gateway.config.ConfigRefresher;
import io.cfkit.gateway.discovery.EurekaRegistration;
import io.cfkit.gateway.edge.EdgeGuard;
import io.cfkit.gateway.http.BasicCredentials;
import io.cfkit.gateway.routing.RouteRegistry;
import io.cfkit.gateway.traffic.InstanceDirectory;
import io.cfkit.gateway.traffic.TrafficMetrics;
import io.cfkit.gateway.traffic.TrafficRouter;

/**
 * What the filters need from the rest of the gateway. Zuul creates filters through a factory; without Guice this
 * record is how they get their collaborators (see {@code GatewayFilterFactory}).
 */
public record GatewayServices(
        RouteRegistry routes,
        TrafficRouter traffic,
        InstanceDirectory instances,
        TrafficMetrics metrics,
        ConfigRefresher configRefresher,
        EurekaRegistration eureka,
        BasicCredentials adminCredentials,
        String instanceId,
        EdgeGuard edge) {}
