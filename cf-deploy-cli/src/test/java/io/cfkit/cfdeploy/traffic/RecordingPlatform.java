package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.platform.SmokeTarget;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Any platform, with the calls that change something recorded as {@code "push hello-green"}, and failing the calls
 * it is told to fail (before they reach the platform, which is then left as it was).
 */
final class RecordingPlatform implements Platform {

    private final Platform platform;
    private final List<String> calls = new ArrayList<>();
    private final Set<String> failing = new HashSet<>();

    RecordingPlatform(Platform platform) {
        this.platform = platform;
    }

    /** Makes the call fail, e.g. {@code "start hello"}. */
    void failOn(String call) {
        failing.add(call);
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public List<AppStatus> apps() {
        return platform.apps();
    }

    @Override
    public Optional<AppManifest> manifest(String app) {
        return platform.manifest(app);
    }

    @Override
    public List<String> recentLogs(String app, int lines) {
        return platform.recentLogs(app, lines);
    }

    @Override
    public void scale(String app, int instances) {
        record("scale " + app + " " + instances);
        platform.scale(app, instances);
    }

    @Override
    public void push(AppManifest app) {
        record("push " + app.name());
        platform.push(app);
    }

    @Override
    public void start(String app) {
        record("start " + app);
        platform.start(app);
    }

    @Override
    public void stop(String app) {
        record("stop " + app);
        platform.stop(app);
    }

    @Override
    public void delete(String app) {
        record("delete " + app);
        platform.delete(app);
    }

    @Override
    public void rename(String app, String newName) {
        record("rename " + app + " " + newName);
        platform.rename(app, newName);
    }

    @Override
    public SmokeTarget openSmokeTarget(String app) {
        record("openSmokeTarget " + app);
        SmokeTarget target = platform.openSmokeTarget(app);
        return new SmokeTarget() {
            @Override
            public List<URI> urls() {
                return target.urls();
            }

            @Override
            public void close() {
                calls.add("closeSmokeTarget " + app);
                target.close();
            }
        };
    }

    @Override
    public void mapRoute(String app, String route) {
        record("mapRoute " + app + " " + route);
        platform.mapRoute(app, route);
    }

    @Override
    public void unmapRoute(String app, String route) {
        record("unmapRoute " + app + " " + route);
        platform.unmapRoute(app, route);
    }

    @Override
    public void allowTraffic(String fromApp, String toApp) {
        record("allowTraffic " + fromApp + " " + toApp);
        platform.allowTraffic(fromApp, toApp);
    }

    private void record(String call) {
        calls.add(call);
        if (failing.contains(call)) {
            throw new UserError(call + " failed");
        }
    }
}
