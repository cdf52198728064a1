package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.manifest.AppManifest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user asked the local platform to run, like Diego's desired LRPs: per app its manifest and
 * instance count, in start order. {@code running == false} tells the supervisor to stop everything and exit.
 */
public record DesiredState(boolean running, Map<String, DesiredApp> apps) {

    /**
     * @param instances the app's instance count, kept while it is stopped so that a start runs as many again
     * @param stopped   true after a stop: no instance runs (absent in a desired.json of an older cf-deploy: false)
     */
    public record DesiredApp(AppManifest manifest, int instances, boolean stopped) {

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

    /** The app started with {@code instances} instances. */
    public DesiredState with(AppManifest manifest, int instances) {
        return with(new DesiredApp(manifest, instances, false));
    }

    /** The app, which the state has, with its instances stopped ({@code true}) or started, its count kept. */
    public DesiredState withStopped(String app, boolean stopped) {
        DesiredApp current = apps.get(app);
        return with(new DesiredApp(current.manifest(), current.instances(), stopped));
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
