package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.ManifestError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A manifest route as the local platform serves it: {@code 127.0.0.1:PORT} or {@code localhost:PORT}.
 * Internal routes ({@code *.apps.internal}) need no router here: apps reach each other's instances
 * directly on loopback, through Eureka.
 */
record LocalRoute(String app, String route, int port) {

    private static final Pattern LOOPBACK = Pattern.compile("(127\\.0\\.0\\.1|localhost):(\\d{1,5})");

    static List<LocalRoute> of(AppManifest app) {
        List<LocalRoute> routes = new ArrayList<>();
        for (String route : app.routes()) {
            if (route.endsWith(".apps.internal")) {
                continue;
            }
            Matcher m = LOOPBACK.matcher(route);
            if (!m.matches()) {
                throw new ManifestError(app.manifestFile(), "route '" + route + "' of " + app.name()
                        + " cannot be served locally: the local platform serves routes like 127.0.0.1:8080"
                        + " (set them in the local vars file, e.g. manifests/vars-local.yml)");
            }
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new ManifestError(app.manifestFile(), "route '" + route + "': port out of range");
            }
            routes.add(new LocalRoute(app.name(), route, port));
        }
        return routes;
    }
}
