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

/**
 * A platform in memory for the tests of what runs on any platform (rollouts, route switches): apps with their
 * manifest, instance count, started or stopped, and the routes mapped to them. Every instance runs at once, at an
 * address named after its app ({@code http://hello-green-0.fake}). After each call that can take instances or routes
 * away, every route the apps started with that has no running app left is noted in {@link #routesWithoutApp()}. To
 * record the calls or make one fail, wrap it in a {@link RecordingPlatform}.
 */
public final class FakePlatform implements Platform {

    private record App(AppManifest manifest, int instances, boolean stopped, List<String> routes) {
        int running() {
            return stopped ? 0 : instances;
        }

        App with(int newInstances, boolean nowStopped) {
            return new App(manifest, newInstances, nowStopped, routes);
        }
    }

    private final Map<String, App> apps = new LinkedHashMap<>();
    /** The routes the apps started with: none may be left without a running app. */
    private final List<String> watchedRoutes = new ArrayList<>();
    private final List<String> routesWithoutApp = new ArrayList<>();

    /** A platform on which these apps run, with their manifests' instances and routes, as {@code up} leaves them. */
    public FakePlatform(AppManifest... running) {
        for (AppManifest app : running) {
            apps.put(app.name(), new App(app, app.instances(), false, new ArrayList<>(app.routes())));
            watchedRoutes.addAll(app.routes());
        }
    }

    /** The routes mapped to the app now. */
    public List<String> routesOf(String app) {
        return List.copyOf(require(app).routes());
    }

    public boolean started(String app) {
        return apps.containsKey(app) && !apps.get(app).stopped();
    }

    /** Each time a route the apps started with was left with no running app: the route and the call that did it. */
    public List<String> routesWithoutApp() {
        return List.copyOf(routesWithoutApp);
    }

    @Override
    public List<AppStatus> apps() {
        List<AppStatus> statuses = new ArrayList<>();
        apps.forEach((name, app) -> statuses.add(new AppStatus(name, app.stopped() ? "stopped" : "started",
                app.instances(), app.manifest().memoryMb(), app.routes(),
                IntStream.range(0, app.running()).mapToObj(i -> new InstanceStatus(i, "RUNNING", 0,
                        url(name, i).toString(), 0, 0, 0)).toList())));
        return statuses;
    }

    @Override
    public void scale(String app, int instances) {
        apps.put(app, require(app).with(instances, false));
        checkRoutes("scale " + app + " " + instances);
    }

    @Override
    public Optional<AppManifest> manifest(String app) {
        return Optional.ofNullable(apps.get(app)).map(App::manifest);
    }

    /** A new app gets its manifest's routes; an app pushed again keeps those mapped to it, as {@code cf push} does. */
    @Override
    public void push(AppManifest app) {
        App existing = apps.get(app.name());
        apps.put(app.name(), new App(app, app.instances(), false,
                existing != null ? existing.routes() : new ArrayList<>(app.routes())));
        checkRoutes("push " + app.name());
    }

    @Override
    public List<String> recentLogs(String app, int lines) {
        require(app);
        return List.of();
    }

    @Override
    public void start(String app) {
        App current = require(app);
        apps.put(app, current.with(current.instances(), false));
    }

    @Override
    public void stop(String app) {
        App current = require(app);
        apps.put(app, current.with(current.instances(), true));
        checkRoutes("stop " + app);
    }

    @Override
    public void delete(String app) {
        apps.remove(app);
        checkRoutes("delete " + app);
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
                current.instances(), current.stopped(), current.routes()));
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
                // nothing was made for the smoke test
            }
        };
    }

    @Override
    public void mapRoute(String app, String route) {
        List<String> routes = require(app).routes();
        if (!routes.contains(route)) {
            routes.add(route);
        }
    }

    @Override
    public void unmapRoute(String app, String route) {
        require(app).routes().remove(route);
        checkRoutes("unmapRoute " + app + " " + route);
    }

    @Override
    public void allowTrafficLike(String app, String like) {
        require(app);
        require(like);
    }

    private void checkRoutes(String after) {
        for (String route : watchedRoutes) {
            if (apps.values().stream().noneMatch(a -> a.running() > 0 && a.routes().contains(route))) {
                routesWithoutApp.add(route + " after " + after);
            }
        }
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
