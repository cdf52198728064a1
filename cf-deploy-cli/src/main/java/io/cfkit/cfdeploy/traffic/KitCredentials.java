package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.UserError;
import java.util.Map;

/**
 * Where Eureka is and the credentials of Eureka and of the gateways' admin endpoints. Taken from the
 * environment first ({@code EUREKA_URL}, {@code EUREKA_USERNAME}, ... as the apps read them), then from
 * what the platform gave the edge-gateway app.
 */
public record KitCredentials(String eurekaUrl, String eurekaUsername, String eurekaPassword, String adminUsername,
        String adminPassword) {

    public static KitCredentials from(Map<String, String> environment, Map<String, String> gatewayEnvironment) {
        return new KitCredentials(
                withSlash(pick("EUREKA_URL", environment, gatewayEnvironment)),
                pick("EUREKA_USERNAME", environment, gatewayEnvironment),
                pick("EUREKA_PASSWORD", environment, gatewayEnvironment),
                pick("ADMIN_USERNAME", environment, gatewayEnvironment),
                pick("ADMIN_PASSWORD", environment, gatewayEnvironment));
    }

    private static String pick(String name, Map<String, String> environment, Map<String, String> gateway) {
        String value = environment.getOrDefault(name, gateway.get(name));
        if (value == null || value.isBlank()) {
            throw new UserError(name + " is not set: export it (as the edge gateway has it) and try again");
        }
        return value;
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    @Override
    public String toString() {
        return "KitCredentials[eurekaUrl=" + eurekaUrl + ", secrets hidden]";
    }
}
