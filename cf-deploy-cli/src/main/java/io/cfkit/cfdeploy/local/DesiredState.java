package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.manifest.AppManifest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user asked the local platform to run, like Diego's desired LRPs: per app its manifest and
 * instance count, in start order. {@code running == false} tells the supervisor to stop everything and exit.
 */
public record DesiredState(boolean running, Map<String, DesiredApp> apps) {

    public record DesiredApp(AppManifest manifest, int instances) {
    }

    public DesiredState {
        apps = new LinkedHashMap<>(apps);
    }

    public static DesiredState empty() {
        return new DesiredState(true, Map.of());
    }

    public DesiredState with(AppManifest manifest, int instances) {
        Map<String, DesiredApp> next = new LinkedHashMap<>(apps);
        next.put(manifest.name(), new DesiredApp(manifest, instances));
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
