package io.cfkit.cfdeploy.bluegreen;

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

/**
 * A platform in memory for the switch's tests: apps with running or stopped instances and mapped routes, every
 * call recorded, any call made to fail, and a check after each call that every route watched still has a running
 * app mapped to it.
 */
final class FakePlatform implements Platform {

    private record App(AppManifest manifest, boolean started, List<String> routes) {
    }

    private final Map<String, App> apps = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    /** Routes that must never be left without a running app; each time one is, a line here. */
    final List<String> watchedRoutes = new ArrayList<>();
    final List<String> routesWithoutApp = new ArrayList<>();
    private String failing;

    /** An app running with its manifest's routes, as {@code up} leaves it. */
    FakePlatform running(AppManifest manifest) {
        apps.put(manifest.name(), new App(manifest, true, new ArrayList<>(manifest.routes())));
        watchedRoutes.addAll(manifest.routes());
        return this;
    }

    /** The call (as recorded, e.g. "mapRoute gw-v2 127.0.0.1:8080") fails, with nothing changed. */
    FakePlatform failing(String call) {
        failing = call;
        return this;
    }

    List<String> routesOf(String app) {
        return List.copyOf(apps.get(app).routes());
    }

    boolean started(String app) {
        return apps.containsKey(app) && apps.get(app).started();
    }

    boolean has(String app) {
        return apps.containsKey(app);
    }

    AppManifest manifestOf(String app) {
        return apps.get(app).manifest();
    }

    private void call(String call) {
        calls.add(call);
        if (call.equals(failing)) {
            throw new UserError(call + " failed");
        }
    }

    private void checkRoutes(String after) {
        for (String route : watchedRoutes) {
            if (apps.values().stream().noneMatch(a -> a.started() && a.routes().contains(route))) {
                routesWithoutApp.add(route + " after " + after);
            }
        }
    }

    @Override
    public List<AppStatus> apps() {
        return apps.values().stream().map(a -> {
            int count = a.started() ? a.manifest().instances() : 0;
            List<InstanceStatus> instances = IntStream.range(0, count).mapToObj(i -> new InstanceStatus(i, "RUNNING",
                    9000 + i, "http://127.0.0.1:" + (9000 + i), 0, 0, 0)).toList();
            return new AppStatus(a.manifest().name(), a.started() ? "started" : "stopped", count,
                    a.manifest().memoryMb(), a.routes(), instances);
        }).toList();
    }

    @Override
    public void scale(String app, int instances) {
        throw new UnsupportedOperationException("a switch does not scale");
    }

    @Override
    public Optional<AppManifest> manifest(String app) {
        return Optional.ofNullable(apps.get(app)).map(App::manifest);
    }

    @Override
    public void push(AppManifest app) {
        call("push " + app.name());
        App existing = apps.get(app.name());
        apps.put(app.name(), new App(app, true, existing != null ? existing.routes() : new ArrayList<>(app.routes())));
        checkRoutes("push " + app.name());
    }

    @Override
    public List<String> recentLogs(String app, int lines) {
        return List.of();
    }

    @Override
    public void start(String app) {
        call("start " + app);
        App a = apps.get(app);
        apps.put(app, new App(a.manifest(), true, a.routes()));
    }

    @Override
    public void stop(String app) {
        call("stop " + app);
        App a = apps.get(app);
        apps.put(app, new App(a.manifest(), false, a.routes()));
        checkRoutes("stop " + app);
    }

    @Override
    public void delete(String app) {
        call("delete " + app);
        apps.remove(app);
        checkRoutes("delete " + app);
    }

    @Override
    public void rename(String app, String newName) {
        call("rename " + app + " " + newName);
        App current = apps.remove(app);
        if (current == null) {
            throw new UserError("unknown app '" + app + "'");
        }
        AppManifest m = current.manifest();
        apps.put(newName, new App(new AppManifest(newName, m.manifestFile(), m.path(), m.command(), m.memoryMb(),
                m.instances(), m.routes(), m.env(), m.healthCheckType(), m.healthCheckEndpoint(), m.timeoutSeconds()),
                current.started(), current.routes()));
    }

    @Override
    public SmokeTarget openSmokeTarget(String app) {
        call("openSmokeTarget " + app);
        return new SmokeTarget() {
            @Override
            public List<URI> urls() {
                return List.of(URI.create("http://127.0.0.1:9000"));
            }

            @Override
            public void close() {
                calls.add("closeSmokeTarget " + app);
            }
        };
    }

    @Override
    public void mapRoute(String app, String route) {
        call("mapRoute " + app + " " + route);
        if (!apps.get(app).routes().contains(route)) {
            apps.get(app).routes().add(route);
        }
    }

    @Override
    public void unmapRoute(String app, String route) {
        call("unmapRoute " + app + " " + route);
        apps.get(app).routes().remove(route);
        checkRoutes("unmapRoute " + app + " " + route);
    }

    @Override
    public void allowTraffic(String fromApp, String toApp) {
        throw new UnsupportedOperationException("a switch opens no container-to-container traffic");
    }
}
