package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.AppStatus.InstanceStatus;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.platform.SmokeTarget;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/** A platform in memory: apps, their instance counts, started or stopped. Every instance runs at once. */
final class FakePlatform implements Platform {

    private record App(AppManifest manifest, int instances, boolean stopped) {
        int running() {
            return stopped ? 0 : instances;
        }
    }

    private final Map<String, App> apps = new LinkedHashMap<>();

    FakePlatform(AppManifest... running) {
        for (AppManifest app : running) {
            push(app);
        }
    }

    @Override
    public List<AppStatus> apps() {
        List<AppStatus> statuses = new ArrayList<>();
        apps.forEach((name, app) -> statuses.add(new AppStatus(name, app.stopped() ? "stopped" : "started",
                app.instances(), app.manifest().memoryMb(), app.manifest().routes(),
                IntStream.range(0, app.running()).mapToObj(i -> new InstanceStatus(i, "RUNNING", 0,
                        url(name, i).toString(), 0, 0, 0)).toList())));
        return statuses;
    }

    @Override
    public void scale(String app, int instances) {
        apps.put(app, new App(require(app).manifest(), instances, false));
    }

    @Override
    public Optional<AppManifest> manifest(String app) {
        return Optional.ofNullable(apps.get(app)).map(App::manifest);
    }

    @Override
    public void push(AppManifest app) {
        apps.put(app.name(), new App(app, app.instances(), false));
    }

    @Override
    public List<String> recentLogs(String app, int lines) {
        require(app);
        return List.of();
    }

    @Override
    public void start(String app) {
        App current = require(app);
        apps.put(app, new App(current.manifest(), current.instances(), false));
    }

    @Override
    public void stop(String app) {
        App current = require(app);
        apps.put(app, new App(current.manifest(), current.instances(), true));
    }

    @Override
    public void delete(String app) {
        apps.remove(app);
    }

    @Override
    public void rename(String app, String newName) {
        if (!apps.containsKey(app) && apps.containsKey(newName)) {
            return;
        }
        App current = require(app);
        if (apps.containsKey(newName)) {
            throw new UserError("cannot rename " + app + " to " + newName + ": an app has that name already");
        }
        AppManifest m = current.manifest();
        apps.remove(app);
        apps.put(newName, new App(new AppManifest(newName, m.manifestFile(), m.path(), m.command(), m.memoryMb(),
                m.instances(), m.routes(), m.env(), m.healthCheckType(), m.healthCheckEndpoint(), m.timeoutSeconds()),
                current.instances(), current.stopped()));
    }

    @Override
    public SmokeTarget openSmokeTarget(String app) {
        List<URI> urls = IntStream.range(0, require(app).running()).mapToObj(i -> url(app, i)).toList();
        return new SmokeTarget() {
            @Override
            public List<URI> urls() {
                return urls;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void mapRoute(String app, String route) {
        throw new UnsupportedOperationException("rollouts through the gateway map no route");
    }

    @Override
    public void unmapRoute(String app, String route) {
        throw new UnsupportedOperationException("rollouts through the gateway unmap no route");
    }

    @Override
    public void allowTraffic(String fromApp, String toApp) {
        require(fromApp);
        require(toApp);
    }

    private App require(String app) {
        App found = apps.get(app);
        if (found == null) {
            throw UserError.unknownApp(app, apps.keySet());
        }
        return found;
    }

    private static URI url(String app, int index) {
        return URI.create("http://" + app + "-" + index + ".fake");
    }
}
