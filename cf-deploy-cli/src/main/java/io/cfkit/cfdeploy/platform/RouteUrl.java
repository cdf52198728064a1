package io.cfkit.cfdeploy.platform;

import java.net.URI;

/** Where a client reaches a route, on either platform. */
public final class RouteUrl {

    private RouteUrl() {
    }

    /**
     * Loopback routes ({@code 127.0.0.1:PORT}, the local platform's) over HTTP; a foundation's ({@code host.domain[/path]})
     * over HTTPS, verified.
     */
    public static URI of(String route) {
        boolean loopback = route.startsWith("127.0.0.1:") || route.startsWith("localhost:");
        return URI.create((loopback ? "http://" : "https://") + route.replaceAll("/+$", ""));
    }
}
