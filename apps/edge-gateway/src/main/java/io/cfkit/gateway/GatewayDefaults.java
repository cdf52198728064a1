package io.cfkit.gateway;

import io.cfkit.gateway.edge.EdgeLimits;
import io.cfkit.gateway.filters.endpoint.ErrorResponse;
import java.util.HashMap;
import java.util.Map;

/** Archaius settings the gateway brings itself, before anything is read from the config server. */
final class GatewayDefaults {

    private GatewayDefaults() {}

    /** Settings the gateway depends on; the config repo cannot change them. */
    static Map<String, String> reserved() {
        return Map.of(
                // Zuul's default error endpoint is a name that does not exist here; its fallback 500 never ends.
                "zuul.filters.error.default", ErrorResponse.class.getName(),
                // Zuul would report UP to Eureka just before binding the port, before routes are known; the
                // gateway marks itself UP once it is listening with its routes loaded.
                "zuul.server.netty.manual.discovery.status", "false");
    }

    /** Defaults the config repo may override; removing the override brings the default back. */
    static Map<String, String> overridable() {
        Map<String, String> defaults = new HashMap<>(EdgeLimits.defaults());
        defaults.put(
                // Seconds that open client connections get to finish at shutdown, instead of Zuul's 30. With ~3 s
                // for Eureka deregistration and 2 s for Netty's event loops, this keeps shutdown inside Cloud
                // Foundry's 10 s between SIGTERM and SIGKILL.
                "server.outofservice.close.timeout", "3");
        return Map.copyOf(defaults);
    }
}
