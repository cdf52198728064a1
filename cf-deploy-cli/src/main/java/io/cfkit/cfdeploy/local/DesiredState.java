package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.manifest.AppManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the user asked the local platform to run, like Diego's desired LRPs: per app its manifest, instance count
 * and the routes mapped to it, in start order. {@code running == false} tells the supervisor to stop everything and
 * exit.
 */
public record DesiredState(boolean running, Map<String, DesiredApp> apps) {

    /**
     * @param instances the app's instance count, kept while it is stopped so that a start runs as many again
     * @param stopped   true after a stop: no instance runs (absent in a desired.json of an older cf-deploy: false)
     * @param routes    the routes mapped to the app: its manifest's when it is first started, then changed only by
     *                  mapping and unmapping, as on Cloud Foundry (a start does not bring back unmapped routes)
     */
    public record DesiredApp(AppManifest manifest, int instances, boolean stopped, List<String> routes) {

        /** A desired.json written before routes were mapped apart from the manifest has the manifest's. */
        public DesiredApp {
            routes = routes == null ? manifest.routes() : List.copyOf(routes);
        }

        /** How many instances the supervisor keeps running. */
        public int runningInstances() {
            return stopped ? 0 : instances;
        }
    }

    public DesiredState {
        apps = new LinkedHashMap<>(apps);
    }

    public static DesiredState empty() {
        return new DesiredState(true, Map.of());
    }

    /** The app started with {@code instances} instances; an app the state has keeps its mapped routes. */
    public DesiredState with(AppManifest manifest, int instances) {
        DesiredApp existing = apps.get(manifest.name());
        return with(new DesiredApp(manifest, instances, false,
                existing != null ? existing.routes() : manifest.routes()));
    }

    /** The app, which the state has, with its instances stopped ({@code true}) or started, its count kept. */
    public DesiredState withStopped(String app, boolean stopped) {
        DesiredApp current = apps.get(app);
        return with(new DesiredApp(current.manifest(), current.instances(), stopped, current.routes()));
    }

    public DesiredState withRoute(String app, String route) {
        DesiredApp current = apps.get(app);
        List<String> routes = new ArrayList<>(current.routes());
        if (!routes.contains(route)) {
            routes.add(route);
        }
        return with(new DesiredApp(current.manifest(), current.instances(), current.stopped(), routes));
    }

    public DesiredState withoutRoute(String app, String route) {
        DesiredApp current = apps.get(app);
        List<String> routes = new ArrayList<>(current.routes());
        routes.remove(route);
        return with(new DesiredApp(current.manifest(), current.instances(), current.stopped(), routes));
    }

    private DesiredState with(DesiredApp app) {
        Map<String, DesiredApp> next = new LinkedHashMap<>(apps);
        next.put(app.manifest().name(), app);
        return new DesiredState(running, next);
    }

    public DesiredState without(String app) {
        Map<String, DesiredApp> next = new LinkedHashMap<>(apps);
        next.remove(app);
        return new DesiredState(running, next);
    }

    public DesiredState stopped() {
        return new DesiredState(false, apps);
    }
}
