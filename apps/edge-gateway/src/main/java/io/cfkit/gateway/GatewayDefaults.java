package io.cfkit.gateway;

import io.cfkit.gateway.edge.EdgeLimits;
import java.util.HashMap;
import java.util.Map;

/** Archaius settings the gateway brings itself, before anything is read from the config server. */
final class GatewayDefaults {

    private GatewayDefaults() {}

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
