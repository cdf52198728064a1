package io.cfkit.cfdeploy.bluegreen;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.AppVersions;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.platform.RouteUrl;
import io.cfkit.cfdeploy.platform.SmokeTarget;
import io.cfkit.cfdeploy.traffic.Rollout;
import io.cfkit.cfdeploy.traffic.Rollout.Version;
import io.cfkit.cfdeploy.traffic.Rollout.Via;
import io.cfkit.cfdeploy.traffic.RolloutStore;
import io.cfkit.cfdeploy.traffic.SmokeTest;
import io.cfkit.cfdeploy.traffic.Waits;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Blue-green by a route switch, for an app that is not behind the gateway (the gateway itself). The new version is
 * pushed beside the live app with no route, given the live app's network access, and smoke-tested; then each of the
 * live app's routes is mapped to it and unmapped from the live app only once the new one answers healthy on it, so a
 * route never lacks a healthy instance; the old app is stopped and kept for {@link #rollback}. A step that fails
 * puts the routes back as they were and removes the new app. One switch or rollback per app at a time (the
 * {@link RolloutStore}'s lock).
 */
public final class RouteSwitch {

    /** The live app's version when its manifest names none. */
    static final String UNNAMED_VERSION = "original";
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(50);

    private final Platform platform;
    private final RolloutStore store;
    private final SmokeTest smokeTest;
    private final HealthProbe probe;
    private final Waits waits;
    private final Duration routeTimeout;
    private final PrintWriter out;
    private final PrintWriter results;

    /**
     * @param probe        asks a route's health-check endpoint, on a new connection each time
     * @param waits        how the switch waits for a newly mapped app to answer healthy on a route
     * @param routeTimeout how long a newly mapped app may take to answer healthy on a route
     * @param out          progress: the steps, what a dry run would do, the undos
     * @param results      what was done: each route handed over, the command's last line; nowhere under --dry-run,
     *                     where nothing is done
     */
    public RouteSwitch(Platform platform, RolloutStore store, SmokeTest smokeTest, HealthProbe probe, Waits waits,
            Duration routeTimeout, PrintWriter out, PrintWriter results) {
        this.platform = platform;
        this.store = store;
        this.smokeTest = smokeTest;
        this.probe = probe;
        this.waits = waits;
        this.routeTimeout = routeTimeout;
        this.out = out;
        this.results = results;
    }

    /**
     * Switches the app's routes to a new version: the app {@code APP-VERSION}, or APP itself when VERSION is the
     * version APP's own manifest runs (its APP_VERSION, else "original"). It runs as the live app does (manifest,
     * instance count), with the jar given, {@code env} on top, and APP_VERSION set to VERSION.
     */
    public void switchTo(String app, String version, Path jar, Map<String, String> env) throws Exception {
        if (!AppVersions.NAME.matcher(version).matches()) {
            throw new UserError("version '" + version + "' is not a name: use lower-case letters, digits and -");
        }
        try (AutoCloseable lock = store.lock(app, "switch " + app + " --version " + version)) {
            AppManifest original = platform.requireManifest(app);
            Optional<Rollout> before = store.find(app);
            if (before.isPresent() && before.get().via() != Via.ROUTE_SWITCH) {
                throw new UserError(app + " is rolled out through the gateway (deploy, canary, promote): switch its"
                        + " routes only for an app not behind the gateway");
            }
            Version live = before.map(Rollout::stable)
                    .orElseGet(() -> new Version(versionOf(original), app, status(app).desiredInstances()));
            if (version.equals(live.name())) {
                throw new UserError(version + " is already the live version of " + app + " (app " + live.app() + ")");
            }
            String target = version.equals(versionOf(original)) ? app : AppVersions.appOf(app, version);
            Version previous = before.map(Rollout::previous).orElse(null);
            boolean kept = platform.manifest(target).isPresent();
            if (kept && !target.equals(app) && (previous == null || !target.equals(previous.app()))) {
                throw new UserError("an app " + target + " exists that no switch of " + app + " kept: delete it,"
                        + " or choose another version name");
            }
            AppStatus liveStatus = status(live.app());
            List<String> routes = liveStatus.routes();
            if (routes.isEmpty()) {
                throw new UserError(live.app() + " has no route to switch: nothing would reach " + target);
            }
            AppManifest manifest = newVersion(platform.requireManifest(live.app()), target, version,
                    liveStatus.desiredInstances(), jar, env);

            out.println("Switching " + app + " from " + live.name() + " (app " + live.app() + ") to " + version
                    + " (app " + target + ") on " + String.join(", ", routes));
            out.flush();
            platform.push(manifest);
            try {
                // before it takes a route: it reaches what the live version reaches (the gateway: the backends)
                platform.allowTrafficLike(target, live.app());
                smokeTest(manifest);
                handOver(live.app(), target, manifest, routes);
            } catch (Exception e) {
                String discarded = discard(target, kept);
                throw new UserError("the switch of " + app + " to " + version + " failed: " + e.getMessage()
                        + "; the routes are back on " + live.app() + ", " + discarded);
            }
            store.save(new Rollout(app, new Version(version, target, manifest.instances()), null, live, null,
                    Via.ROUTE_SWITCH));
            results.println(version + " (app " + target + ") serves " + String.join(", ", routes) + "; " + live.app()
                    + " is stopped and kept for cf-deploy rollback " + app + ".");
            results.flush();
        }
    }

    /** The routes back to the app that served them before the last switch, once it is started and healthy. */
    public void rollback(String app, String reason) throws Exception {
        try (AutoCloseable lock = store.lock(app, "rollback " + app)) {
            Rollout rollout = store.find(app).filter(r -> r.via() == Via.ROUTE_SWITCH && r.previous() != null)
                    .orElseThrow(() -> new UserError("nothing to roll back to for " + app
                            + ": no switch since the last rollback"));
            Version current = rollout.stable();
            Version previous = rollout.previous();
            List<String> routes = status(current.app()).routes();
            if (routes.isEmpty()) {
                throw new UserError(current.app() + " serves no route: there is nothing to move back to "
                        + previous.app());
            }
            out.println("Rolling back " + app + " to " + previous.name() + " (app " + previous.app() + ")"
                    + (reason == null || reason.isBlank() ? "" : " — " + reason));
            out.flush();
            platform.start(previous.app());
            try {
                handOver(current.app(), previous.app(), platform.requireManifest(previous.app()), routes);
            } catch (Exception e) {
                attempt("stop " + previous.app() + " again", () -> platform.stop(previous.app()));
                throw new UserError("the rollback of " + app + " failed: " + e.getMessage() + "; the routes are back"
                        + " on " + current.app() + ", " + previous.app() + " is stopped again");
            }
            // a second rollback would be a roll forward: switch again for that
            store.save(new Rollout(app, previous, null, null, null, Via.ROUTE_SWITCH));
            results.println(previous.name() + " (app " + previous.app() + ") serves " + String.join(", ", routes)
                    + " again; " + current.app() + " is stopped.");
            results.flush();
        }
    }

    /**
     * Route by route: map to {@code to}, wait until it answers healthy there, unmap from {@code from}; then stop
     * {@code from}. On failure the routes are put back (and {@code from} started again if stopping it failed).
     */
    private void handOver(String from, String to, AppManifest toManifest, List<String> routes) {
        List<String> mapped = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        boolean stopping = false;
        try {
            for (String route : routes) {
                platform.mapRoute(to, route);
                mapped.add(route);
                awaitHealthyOn(to, route, toManifest);
                platform.unmapRoute(from, route);
                unmapped.add(route);
                results.println("  " + route + ": " + to + " (" + from + " unmapped)");
                results.flush();
            }
            stopping = true;
            platform.stop(from);
        } catch (RuntimeException e) {
            if (stopping) {
                attempt("start " + from + " again", () -> platform.start(from));
            }
            // the old app takes each route back before the new one leaves it
            unmapped.forEach(route -> attempt("map " + route + " back to " + from, () -> platform.mapRoute(from, route)));
            mapped.forEach(route -> attempt("unmap " + route + " from " + to, () -> platform.unmapRoute(to, route)));
            throw e;
        }
    }

    /**
     * The app's instances all run and the route answers healthy often enough in a row that, with a router giving
     * each new connection to the next instance in turn, every instance behind it has answered.
     */
    private void awaitHealthyOn(String app, String route, AppManifest manifest) {
        URI health = URI.create(RouteUrl.of(route) + healthPath(manifest.healthCheckEndpoint()));
        int[] inARow = {0};
        boolean healthy = waits.until(() -> {
            AppStatus status = status(app);
            if (!status.routes().contains(route) || status.desiredInstances() == 0
                    || status.runningInstances() < status.desiredInstances()) {
                inARow[0] = 0;
                return false;
            }
            inARow[0] = probe.healthy(health) ? inARow[0] + 1 : 0;
            return inARow[0] >= 2 * instancesOn(route);
        }, PROBE_INTERVAL, routeTimeout);
        if (!healthy) {
            throw new UserError(app + " did not answer healthy on " + route + " within " + routeTimeout.toSeconds()
                    + " s");
        }
    }

    private long instancesOn(String route) {
        return platform.apps().stream().filter(a -> a.routes().contains(route))
                .mapToLong(AppStatus::runningInstances).sum();
    }

    private void smokeTest(AppManifest manifest) {
        try (SmokeTarget target = platform.openSmokeTarget(manifest.name())) {
            smokeTest.run(manifest, target.urls());
        }
    }

    /** After a failed switch: a new app is deleted; one a former switch kept is stopped again, for a rollback. */
    private String discard(String app, boolean kept) {
        if (kept) {
            return attempt("stop " + app, () -> platform.stop(app)) ? app + " is stopped again" : app + " may still run";
        }
        return attempt("delete " + app, () -> platform.delete(app)) ? app + " is deleted" : app + " may remain";
    }

    /** One step of an undo: its failure is printed and the undo goes on. */
    private boolean attempt(String what, Runnable step) {
        try {
            step.run();
            return true;
        } catch (RuntimeException e) {
            out.println("cf-deploy: could not " + what + ": " + e.getMessage());
            out.flush();
            return false;
        }
    }

    private AppStatus status(String app) {
        return platform.apps().stream().filter(a -> a.name().equals(app)).findFirst()
                .orElseThrow(() -> UserError.unknownApp(app, platform.apps().stream().map(AppStatus::name).toList()));
    }

    private static AppManifest newVersion(AppManifest live, String name, String version, int instances, Path jar,
            Map<String, String> env) {
        Map<String, String> appEnv = new LinkedHashMap<>(live.env());
        appEnv.putAll(env);
        appEnv.put("APP_VERSION", version);
        return new AppManifest(name, live.manifestFile(), jar != null ? jar.toAbsolutePath().toString() : live.path(),
                live.command(), live.memoryMb(), Math.max(1, instances), List.of(), appEnv, live.healthCheckType(),
                live.healthCheckEndpoint(), live.timeoutSeconds());
    }

    /** The version an app's manifest runs: its APP_VERSION, else {@value #UNNAMED_VERSION}. */
    static String versionOf(AppManifest app) {
        String version = app.env().get("APP_VERSION");
        return version == null || version.isBlank() ? UNNAMED_VERSION : version;
    }

    private static String healthPath(String endpoint) {
        return endpoint == null || endpoint.isBlank() ? "/" : endpoint.startsWith("/") ? endpoint : "/" + endpoint;
    }
}
