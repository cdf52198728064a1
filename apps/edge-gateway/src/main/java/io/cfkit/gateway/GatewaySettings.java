package io.cfkit.gateway;

import io.cfkit.support.EurekaServer;
import io.cfkit.support.InstanceId;
import io.cfkit.support.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The gateway's part of the environment contract (docs/architecture.md). Every value comes from an environment
 * variable; a system property with the same name (-DPORT=9000) wins, as in every app of the kit ({@link Settings}).
 * The Eureka server and the instance id follow the kit's rules in app-support ({@link EurekaServer},
 * {@link InstanceId}).
 */
public record GatewaySettings(
        String serverAddress,
        int port,
        URI configServerUrl,
        String configServerUsername,
        String configServerPassword,
        int configRefreshSeconds,
        EurekaServer eureka,
        String adminUsername,
        String adminPassword,
        String instanceAddress,
        String instanceId) {

    public static final String APP_NAME = "edge-gateway";

    private static final List<String> REQUIRED = List.of(
            "CONFIG_SERVER_URL",
            "CONFIG_SERVER_USERNAME",
            "CONFIG_SERVER_PASSWORD",
            "EUREKA_URL",
            "EUREKA_USERNAME",
            "EUREKA_PASSWORD",
            "ADMIN_USERNAME",
            "ADMIN_PASSWORD");

    public static GatewaySettings fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    public static GatewaySettings from(Map<String, String> env, Properties systemProperties) {
        Lookup lookup = new Lookup(env, systemProperties);

        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED) {
            if (lookup.get(name) == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new StartupException((missing.size() == 1
                            ? "missing required environment variable "
                            : "missing required environment variables ")
                    + String.join(", ", missing));
        }

        int port = lookup.intValue("PORT", 8080, 1, 65535);
        String internalIp = lookup.get("CF_INSTANCE_INTERNAL_IP");
        EurekaServer eureka;
        try {
            eureka = EurekaServer.from(lookup.settings());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }

        return new GatewaySettings(
                lookup.getOrDefault("SERVER_ADDRESS", "127.0.0.1"),
                port,
                lookup.httpUrl("CONFIG_SERVER_URL"),
                lookup.get("CONFIG_SERVER_USERNAME"),
                lookup.get("CONFIG_SERVER_PASSWORD"),
                lookup.intValue("CONFIG_REFRESH_SECONDS", 2, 1, 3600),
                eureka,
                lookup.get("ADMIN_USERNAME"),
                lookup.get("ADMIN_PASSWORD"),
                internalIp != null ? internalIp : "127.0.0.1",
                InstanceId.of(lookup.settings(), APP_NAME, port));
    }

    /** Never prints a secret: records print every component otherwise. */
    @Override
    public String toString() {
        return "GatewaySettings[listen=" + serverAddress + ":" + port + ", configServer=" + configServerUrl
                + ", refresh=" + configRefreshSeconds + "s, eureka=" + eureka.url() + ", instance=" + instanceId + "@"
                + instanceAddress + "]";
    }

    private record Lookup(Map<String, String> env, Properties systemProperties) {

        UnaryOperator<String> settings() {
            return Settings.of(env, systemProperties);
        }

        String get(String name) {
            return settings().apply(name);
        }

        String getOrDefault(String name, String fallback) {
            String value = get(name);
            return value != null ? value : fallback;
        }

        int intValue(String name, int fallback, int min, int max) {
            String value = get(name);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < min || parsed > max) {
                    throw new NumberFormatException();
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new StartupException(
                        name + " must be a number between " + min + " and " + max + ", not '" + value + "'");
            }
        }

        URI httpUrl(String name) {
            String value = get(name);
            try {
                URI uri = new URI(value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new URISyntaxException(value, "not an http(s) URL with a host");
                }
                if (uri.getUserInfo() != null) {
                    throw new StartupException(name + " must not contain credentials; set the _USERNAME and"
                            + " _PASSWORD variables instead");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new StartupException(name + " is not an http(s) URL: " + value);
            }
        }
    }
}
