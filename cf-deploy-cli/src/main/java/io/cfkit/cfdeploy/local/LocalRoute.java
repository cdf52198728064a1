package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.ManifestError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route as the local platform serves it: {@code 127.0.0.1:PORT} or {@code localhost:PORT}, one router per port.
 * Internal routes ({@code *.apps.internal}) need no router here: apps reach each other's instances
 * directly on loopback, through Eureka.
 */
record LocalRoute(String app, String route, int port) {

    private static final Pattern LOOPBACK = Pattern.compile("(127\\.0\\.0\\.1|localhost):(\\d{1,5})");

    static List<LocalRoute> of(AppManifest app) {
        List<LocalRoute> routes = new ArrayList<>();
        for (String route : app.routes()) {
            if (isInternal(route)) {
                continue;
            }
            routes.add(loopback(app.name(), route).orElseThrow(() -> new ManifestError(app.manifestFile(), "route '"
                    + route + "' of " + app.name() + " cannot be served locally: the local platform serves routes"
                    + " like 127.0.0.1:8080 with a port from 1 to 65535 (set them in the local vars file, e.g."
                    + " manifests/vars-local.yml)")));
        }
        return routes;
    }

    /** The route if it is a loopback route with a port in range. */
    static Optional<LocalRoute> loopback(String app, String route) {
        Matcher m = LOOPBACK.matcher(route);
        if (!m.matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(m.group(2));
        return port < 1 || port > 65535 ? Optional.empty() : Optional.of(new LocalRoute(app, route, port));
    }

    static boolean isInternal(String route) {
        return route.endsWith(".apps.internal");
    }
}
