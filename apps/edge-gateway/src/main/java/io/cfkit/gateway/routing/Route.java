package io.cfkit.gateway.routing;

import java.util.Objects;

/**
 * One route in the seed's vocabulary: {@code zuul.routes.<name>.path=/hello/**} sends {@code /hello/...} to the
 * Eureka service {@code serviceId}.
 *
 * @param name the {@code <name>} in the property keys
 * @param path the path pattern as configured, for display
 * @param prefix the literal part of the pattern; a request matches when its path is the prefix or continues it
 *     with '/'
 * @param wildcard whether the pattern ended in {@code /**}; without it only the exact path matches
 * @param serviceId the Eureka VIP of the backend; also the ribbon client name
 * @param stripPrefix whether the prefix is removed before the request goes to the backend
 */
public record Route(String name, String path, String prefix, boolean wildcard, String serviceId, boolean stripPrefix) {

    public Route {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(serviceId, "serviceId");
    }

    /** Parses {@code /a/b/**} or an exact {@code /a/b}; other wildcards are not part of the vocabulary. */
    public static Route of(String name, String path, String serviceId, boolean stripPrefix) {
        String trimmed = path.trim();
        if (!trimmed.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        boolean wildcard = trimmed.endsWith("/**");
        String prefix = wildcard ? trimmed.substring(0, trimmed.length() - 3) : trimmed;
        if (prefix.contains("*") || prefix.contains("?") || prefix.contains("{")) {
            throw new IllegalArgumentException("only a trailing '/**' wildcard is supported: " + path);
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (serviceId.isBlank()) {
            throw new IllegalArgumentException("empty service id");
        }
        return new Route(name, trimmed, prefix, wildcard, serviceId.trim(), stripPrefix);
    }

    /** The backend path for {@code requestPath}, or null when this route does not match it. */
    public String rewrite(String requestPath) {
        if (!matches(requestPath)) {
            return null;
        }
        if (!stripPrefix) {
            return requestPath;
        }
        String rest = requestPath.substring(prefix.length());
        return rest.isEmpty() ? "/" : rest;
    }

    public boolean matches(String requestPath) {
        if (requestPath == null || !requestPath.startsWith(prefix)) {
            return false;
        }
        if (requestPath.length() == prefix.length()) {
            return true;
        }
        if (!wildcard) {
            // "/exact/" is the same resource as "/exact" for most backends; anything longer is not.
            return requestPath.length() == prefix.length() + 1 && requestPath.endsWith("/");
        }
        return requestPath.charAt(prefix.length()) == '/' || prefix.isEmpty();
    }
}
