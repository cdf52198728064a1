package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.UserError;
import java.util.Map;

/**
 * Where Eureka is and the credentials of Eureka and of the gateways' admin endpoints: what the platform gave the
 * edge-gateway app ({@code EUREKA_URL}, {@code EUREKA_USERNAME}, ... as the apps read them), and only where the app's
 * environment lacks one, the caller's environment. The app's values come first because they are the ones its
 * instances check: a shell that sourced a local kit's credentials.env must not send that kit's passwords to the
 * gateways of a Cloud Foundry foundation (nor get 401 from them).
 */
public record KitCredentials(String eurekaUrl, String eurekaUsername, String eurekaPassword, String adminUsername,
        String adminPassword) {

    public static KitCredentials from(Map<String, String> gatewayEnvironment, Map<String, String> fallback) {
        return new KitCredentials(
                withSlash(pick("EUREKA_URL", gatewayEnvironment, fallback)),
                pick("EUREKA_USERNAME", gatewayEnvironment, fallback),
                pick("EUREKA_PASSWORD", gatewayEnvironment, fallback),
                pick("ADMIN_USERNAME", gatewayEnvironment, fallback),
                pick("ADMIN_PASSWORD", gatewayEnvironment, fallback));
    }

    private static String pick(String name, Map<String, String> gateway, Map<String, String> fallback) {
        String value = present(gateway.get(name)) ? gateway.get(name) : fallback.get(name);
        if (!present(value)) {
            throw new UserError(name + " is not in the edge-gateway app's environment nor in yours: export it"
                    + " (as the edge gateway has it) and try again");
        }
        return value;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    @Override
    public String toString() {
        return "KitCredentials[eurekaUrl=" + eurekaUrl + ", secrets hidden]";
    }
}
