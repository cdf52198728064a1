package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.ChildProcesses;
import io.cfkit.cfdeploy.Poller;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.local.ActualState.InstanceState;
import io.cfkit.cfdeploy.local.DesiredState.DesiredApp;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.AppStatus.InstanceStatus;
import io.cfkit.cfdeploy.platform.AppVersions;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.platform.SmokeTarget;
import io.cfkit.cfdeploy.state.CommandLock;
import io.cfkit.cfdeploy.state.JsonStore;
import io.cfkit.cfdeploy.traffic.GatewayFleet;
import io.cfkit.cfdeploy.traffic.GatewayReach;
import io.cfkit.cfdeploy.traffic.GatewayReach.RunningInstance;
import io.cfkit.cfdeploy.traffic.KitCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The local platform as the CLI sees it: commands write what should run into the state folder and wait
 * for the supervisor process to make it so, watching actual.json.
 */
public final class LocalPlatform implements Platform {

    /** An instance that crashes this often while a command waits for it makes the command give up. */
    private static final int CRASHES_BEFORE_GIVING_UP = 3;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration SUPERVISOR_START = Duration.ofSeconds(20);
    private static final int LOG_LINES_ON_FAILURE = 25;
    /** The app the local kit routes through; the same name the traffic commands look for. */
    private static final String GATEWAY = LocalGateways.GATEWAY;
    /** A new instance is routed within about 2 s of being healthy (decision 0003): this is far beyond. */
    private static final Duration GATEWAY_REACH_TIMEOUT = Duration.ofSeconds(60);
    /** The supervisor applies a change within a tick (200 ms): this is far beyond. */
    private static final Duration ROUTE_CHANGE_TIMEOUT = Duration.ofSeconds(10);

    private final StateDir state;
    private final PrintWriter out;

    public LocalPlatform(StateDir state, PrintWriter out) {
        this.state = state;
        this.out = out;
    }

    public StateDir stateDir() {
        return state;
    }

    /** Vars only the platform knows: where its config repository is, and the kit's credentials. */
    public Map<String, String> platformVars(Path configRepoContent, Map<String, String> environment) {
        state.create();
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("config-repo-uri", environment.containsKey("CONFIG_REPO_URI") ? environment.get("CONFIG_REPO_URI")
                : ConfigRepository.ensure(state.configRepo(), configRepoContent));
        vars.put("config-repo-username", environment.getOrDefault("CONFIG_REPO_USERNAME", ""));
        vars.put("config-repo-password", environment.getOrDefault("CONFIG_REPO_PASSWORD", ""));
        Credentials.load(state.credentials(), environment)
                .forEach((name, value) -> vars.put(name.toLowerCase().replace('_', '-'), value));
        return vars;
    }

    public boolean running() {
        return supervisorPid().isPresent();
    }

    /**
     * Starts every app in start order, each instance healthy before the next app starts, and returns once the
     * gateway reaches the instances behind it. On failure stops what it started and throws, after printing the
     * failed app's last log lines.
     */
    public void up(AppSet apps) {
        state.create();
        try (CommandLock lock = lockKit("up")) {
            if (running()) {
                out.println("The kit is already running (supervisor pid " + supervisorPid().get() + ").");
                return;
            }
            killLeftovers();
            checkRoutesFree(apps);
            Droplets.clear(state);
            JsonStore.write(state.desired(), DesiredState.empty());
            startSupervisor();
            DesiredState desired = DesiredState.empty();
            for (AppManifest app : apps.inStartOrder()) {
                out.printf("Starting %s: %d instance%s, %dM%n", app.name(), app.instances(),
                        app.instances() == 1 ? "" : "s", app.memoryMb());
                out.flush();
                desired = desired.with(Droplets.stage(state, app), app.instances());
                JsonStore.write(state.desired(), desired);
                try {
                    awaitInstances(app, app.instances());
                } catch (UserError e) {
                    printRecentLogs(app.name());
                    stopAll();
                    throw new UserError(e.getMessage() + "; stopped everything up started (log lines above)");
                }
            }
            try {
                awaitGatewayReach();
            } catch (UserError e) {
                printRecentLogs(GATEWAY);
                stopAll();
                throw new UserError(e.getMessage() + "; stopped everything up started (log lines above)");
            }
        }
    }

    @Override
    public List<AppStatus> apps() {
        DesiredState desired = desired();
        ActualState actual = JsonStore.read(state.actual(), ActualState.class).orElseThrow();
        List<AppStatus> apps = new ArrayList<>();
        for (DesiredApp app : desired.apps().values()) {
            List<InstanceStatus> instances = actual.instances(app.manifest().name()).stream()
                    .map(i -> new InstanceStatus(i.index(), i.state(), i.port(), "http://127.0.0.1:" + i.port(),
                            i.pid(), i.sinceMillis(), i.crashes()))
                    .toList();
            apps.add(new AppStatus(app.manifest().name(), app.runningInstances() > 0 ? "started" : "stopped",
                    app.instances(), app.manifest().memoryMb(), app.routes(), instances));
        }
        return apps;
    }

    @Override
    public void scale(String name, int instances) {
        if (instances < 0) {
            throw new UserError("instance count " + instances + " is below 0: give 0 or more");
        }
        try (CommandLock lock = lockKit("scale " + name)) {
            DesiredState desired = desired();
            DesiredApp app = desired.apps().get(name);
            if (app == null) {
                throw UserError.unknownApp(name, desired.apps().keySet());
            }
            out.printf("Scaling %s from %d to %d instance%s%n", name, app.instances(), instances,
                    instances == 1 ? "" : "s");
            out.flush();
            JsonStore.write(state.desired(), desired.with(app.manifest(), instances));
            try {
                awaitInstances(app.manifest(), instances);
                if (instances > app.runningInstances()) {
                    awaitGatewayReach();
                }
            } catch (UserError e) {
                JsonStore.write(state.desired(), desired);
                throw new UserError(e.getMessage() + "; scaled " + name + " back to " + app.instances()
                        + " (see ./cf-deploy logs " + name + " --recent)");
            }
        }
    }

    @Override
    public Optional<AppManifest> manifest(String name) {
        return Optional.ofNullable(desired().apps().get(name)).map(DesiredApp::manifest);
    }

    @Override
    public void push(AppManifest app) {
        try (CommandLock lock = lockKit("push " + app.name())) {
            DesiredState desired = desired();
            if (!LocalRoute.of(app).isEmpty()) {
                throw new UserError(app.name() + " has a loopback route: a pushed version takes its traffic"
                        + " through the gateway, give it none");
            }
            DesiredApp existing = desired.apps().get(app.name());
            out.printf("Pushing %s: %d instance%s, %dM%n", app.name(), app.instances(),
                    app.instances() == 1 ? "" : "s", app.memoryMb());
            out.flush();
            // staged before the running app is touched: a jar that is not there changes nothing
            AppManifest staged = Droplets.stage(state, app);
            if (existing != null) {
                // a new manifest means new instances, as a cf push restarts the app
                JsonStore.write(state.desired(), desired.with(existing.manifest(), 0));
                awaitInstances(existing.manifest(), 0);
            }
            JsonStore.write(state.desired(), desired.with(staged, app.instances()));
            try {
                awaitInstances(app, app.instances());
                awaitGatewayReach();
            } catch (UserError e) {
                printRecentLogs(app.name());
                JsonStore.write(state.desired(), existing == null ? desired.without(app.name()) : desired);
                if (existing == null) {
                    awaitGone(app, e);
                }
                throw new UserError(e.getMessage() + "; " + app.name() + " is back as it was");
            }
        }
    }

    @Override
    public List<String> recentLogs(String name, int lines) {
        DesiredState desired = desired();
        if (!desired.apps().containsKey(name)) {
            throw UserError.unknownApp(name, desired.apps().keySet());
        }
        return LogFiles.recent(state.logs(name), name, lines);
    }

    /** Prints the app's new log lines as they come, until interrupted (Ctrl-C). */
    public void followLogs(String name) throws InterruptedException {
        recentLogs(name, 0);
        LogFiles.follow(state.logs(name), name, out);
    }

    /** Stops every instance and the supervisor; what remains after the grace period is killed. */
    public void down() {
        state.create();
        try (CommandLock lock = lockKit("down")) {
            if (!running() && JsonStore.read(state.actual(), ActualState.class).isEmpty()) {
                out.println("The kit is not running.");
                return;
            }
            stopAll();
            out.println("Stopped every app.");
        }
    }

    private void stopAll() {
        Optional<ProcessHandle> supervisor = supervisorPid().flatMap(ProcessHandle::of);
        JsonStore.read(state.desired(), DesiredState.class).ifPresent(d -> JsonStore.write(state.desired(), d.stopped()));
        // what is still alive after the supervisor's own grace period is killed below
        Poller.every(POLL, Instance.STOP_GRACE.plusSeconds(15))
                .until(() -> supervisor.isEmpty() || !supervisor.get().isAlive());
        killLeftovers();
    }

    /** Instances left behind by a supervisor that was killed: stop them, so ports and memory come back. */
    private void killLeftovers() {
        Optional<ActualState> actual = JsonStore.read(state.actual(), ActualState.class);
        if (actual.isEmpty()) {
            return;
        }
        ProcessHandle.of(actual.get().supervisorPid()).ifPresent(ProcessHandle::destroyForcibly);
        actual.get().apps().values().forEach(list -> list.forEach(i ->
                ProcessHandle.of(i.pid()).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly)));
        try {
            Files.deleteIfExists(state.actual());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkRoutesFree(AppSet apps) {
        for (AppManifest app : apps.inStartOrder()) {
            for (LocalRoute route : LocalRoute.of(app)) {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.setReuseAddress(true);
                    probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), route.port()));
                } catch (IOException e) {
                    throw new UserError("port " + route.port() + " of route " + route.route() + " (" + app.name()
                            + ") is taken by another process: free it, or change the route in your vars file");
                }
            }
        }
    }

    private void startSupervisor() {
        String java = ProcessHandle.current().info().command().orElse("java");
        // Serial GC: G1's concurrent threads and remembered sets buy nothing for a 96m heap on a few cores. A heap
        // that starts small and gives back, as the apps' (decision 0007): the supervisor uses some 13 MiB of it, and
        // committed all 96 when it started at a 64th of the machine's memory. No performance-data sampling, as the
        // manifests' apps: it wakes the JVM 20 times a second (decision 0007, "Later still").
        // The router's Netty: below 512 MiB of heap its allocator gives up the per-thread caches each relayed
        // read allocates from, and leak detection records a stack trace for a sample of those buffers; with
        // both, the router cost 11 % more CPU per request (docs/performance.md, "The local router").
        List<String> command = List.of(java, "-Xmx96m", "-Xms16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Dio.netty.allocator.disableThreadLocalMagazinesOnLowMemory=false",
                "-Dio.netty.leakDetection.level=disabled",
                "-cp", System.getProperty("java.class.path"),
                "io.cfkit.cfdeploy.CfDeploy", "supervise", "--state-dir", state.root().toString());
        Process process = ChildProcesses.start(new ProcessBuilder(ChildProcesses.inSessionOfItsOwn(command))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(state.supervisorLog().toFile())),
                "the local platform's supervisor");
        Poller.every(POLL, SUPERVISOR_START).until(() -> running() || !process.isAlive());
        if (running()) {
            return;
        }
        ChildProcesses.kill(process);
        throw new UserError("the local platform's supervisor did not start: see " + state.supervisorLog());
    }

    /**
     * Waits until exactly {@code count} instances of the app run, printing each instance's progress;
     * throws when an instance keeps crashing or the app's health-check timeout has passed.
     */
    private void awaitInstances(AppManifest app, int count) {
        long started = System.currentTimeMillis();
        Duration timeout = Duration.ofSeconds(app.timeoutSeconds()).plus(Instance.STOP_GRACE).plusSeconds(10);
        Map<Integer, String> reported = new HashMap<>();
        Poller.every(POLL, timeout).await(() -> instancesReached(app, count, started, reported),
                () -> app.name() + " did not reach " + count + " running instance" + (count == 1 ? "" : "s")
                        + " within " + timeout.toSeconds() + " s");
    }

    /** One look at actual.json: prints what changed since the last look; throws if waiting on is hopeless. */
    private boolean instancesReached(AppManifest app, int count, long started, Map<Integer, String> reported) {
        ActualState actual = JsonStore.read(state.actual(), ActualState.class).orElseThrow();
        if (!running()) {
            throw new UserError("the local platform's supervisor stopped: see " + state.supervisorLog());
        }
        if (!actual.problems().isEmpty()) {
            throw new UserError(actual.problems().get(0));
        }
        List<InstanceState> instances = actual.instances(app.name());
        for (InstanceState i : instances) {
            String seen = i.state() + "/" + i.crashes();
            if (!seen.equals(reported.put(i.index(), seen))) {
                out.printf("  %s/%d %s on 127.0.0.1:%d%s (%.1f s)%n", app.name(), i.index(),
                        i.state().toLowerCase(), i.port(),
                        i.lastCrash() != null && i.state().equals("CRASHED") ? ": " + i.lastCrash() : "",
                        (System.currentTimeMillis() - started) / 1000.0);
                out.flush();
            }
            if (i.index() < count && i.crashes() >= CRASHES_BEFORE_GIVING_UP) {
                throw new UserError(app.name() + "/" + i.index() + " crashed " + i.crashes()
                        + " times: " + i.lastCrash());
            }
        }
        long runningWanted = instances.stream()
                .filter(i -> i.index() < count && i.state().equals("RUNNING")).count();
        boolean extraGone = instances.stream().noneMatch(i -> i.index() >= count);
        return runningWanted == count && extraGone;
    }

    /**
     * After a failed start: waits until the instances it started are gone, so that the next command on the app (a
     * deploy tried again) does not find them and their crashes. If they do not go, says so with the first failure.
     */
    private void awaitGone(AppManifest app, UserError failure) {
        try {
            awaitInstances(app, 0);
        } catch (UserError e) {
            throw new UserError(failure.getMessage() + "; and " + app.name() + "'s instances did not stop: "
                    + e.getMessage());
        }
    }

    private CommandLock lockKit(String command) {
        state.create();
        return CommandLock.acquire(state.lock(), command, holder -> "another cf-deploy command is changing the kit ("
                + holder + "): wait for it to finish, then try again");
    }

    /**
     * After instances started: waits until every gateway reaches every running instance of the apps that register
     * in Eureka (those given {@code EUREKA_URL}), so that the first request through the gateway is answered by
     * them. A kit without a running gateway has nothing to wait for.
     */
    private void awaitGatewayReach() {
        DesiredState desired = JsonStore.read(state.desired(), DesiredState.class).orElseThrow();
        DesiredApp gateway = desired.apps().get(GATEWAY);
        // switched, the gateway runs as edge-gateway-VERSION and edge-gateway is stopped, its manifest kept
        boolean gatewayRuns = desired.apps().values().stream().anyMatch(app -> app.runningInstances() > 0
                && AppVersions.isVersionOf(app.manifest().name(), GATEWAY));
        if (gateway == null || !gatewayRuns) {
            return;
        }
        ActualState actual = JsonStore.read(state.actual(), ActualState.class).orElseThrow();
        List<RunningInstance> instances = new ArrayList<>();
        for (DesiredApp app : desired.apps().values()) {
            if (app.manifest().env().containsKey("EUREKA_URL")) {
                actual.instances(app.manifest().name()).stream()
                        .filter(i -> i.index() < app.runningInstances() && i.state().equals("RUNNING"))
                        .forEach(i -> instances.add(new RunningInstance(app.manifest().name(), i.index(), i.port())));
            }
        }
        // the credentials the platform gave the gateway, not the caller's environment: they are what the kit uses
        new GatewayReach(new GatewayFleet(KitCredentials.from(gateway.manifest().env(), Map.of()),
                new LocalGateways(this::apps)))
                .await(instances, GATEWAY_REACH_TIMEOUT, out);
    }

    private void printRecentLogs(String app) {
        out.println("Last log lines of " + app + ":");
        LogFiles.recent(state.logs(app), app, LOG_LINES_ON_FAILURE).forEach(line -> out.println("  " + line));
        out.flush();
    }

    private DesiredState desired() {
        if (!running()) {
            throw new UserError("the kit is not running: start it with ./cf-deploy up");
        }
        return JsonStore.read(state.desired(), DesiredState.class).orElseThrow();
    }

    private Optional<Long> supervisorPid() {
        Optional<DesiredState> desired = JsonStore.read(state.desired(), DesiredState.class);
        Optional<ActualState> actual = JsonStore.read(state.actual(), ActualState.class);
        if (desired.isEmpty() || !desired.get().running() || actual.isEmpty()) {
            return Optional.empty();
        }
        long pid = actual.get().supervisorPid();
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> pid);
    }

    // What a rollout needs besides the above.

    /** Starts the app's instances again, as many as it had when stopped; returns once the gateway reaches them. */
    @Override
    public void start(String name) {
        try (CommandLock lock = lockKit("start " + name)) {
            DesiredState desired = desired();
            DesiredApp app = requireApp(desired, name);
            out.printf("Starting %s: %d instance%s%n", name, app.instances(), app.instances() == 1 ? "" : "s");
            out.flush();
            JsonStore.write(state.desired(), desired.withStopped(name, false));
            try {
                awaitInstances(app.manifest(), app.instances());
                awaitGatewayReach();
            } catch (UserError e) {
                printRecentLogs(name);
                JsonStore.write(state.desired(), desired);
                awaitGone(app.manifest(), e);
                throw new UserError(e.getMessage() + "; " + name + " is back as it was (see ./cf-deploy logs "
                        + name + " --recent)");
            }
        }
    }

    /** Stops every instance of the app (each leaves Eureka and drains first); the app and its count are kept. */
    @Override
    public void stop(String name) {
        try (CommandLock lock = lockKit("stop " + name)) {
            DesiredState desired = desired();
            DesiredApp app = requireApp(desired, name);
            out.println("Stopping " + name);
            out.flush();
            JsonStore.write(state.desired(), desired.withStopped(name, true));
            awaitInstances(app.manifest(), 0);
        }
    }

    /** Stops the app's instances and forgets the app and its droplet. */
    @Override
    public void delete(String name) {
        try (CommandLock lock = lockKit("delete " + name)) {
            DesiredState desired = desired();
            DesiredApp app = desired.apps().get(name);
            if (app == null) {
                return;
            }
            out.println("Deleting " + name);
            out.flush();
            JsonStore.write(state.desired(), desired.without(name));
            awaitInstances(app.manifest(), 0);
            Droplets.remove(state, app.manifest());
        }
    }

    /** Renames a stopped app and its droplet; a running one is refused, its instances are known by its name. */
    @Override
    public void rename(String name, String newName) {
        try (CommandLock lock = lockKit("rename " + name)) {
            DesiredState desired = desired();
            DesiredApp app = desired.apps().get(name);
            if (app == null && desired.apps().containsKey(newName)) {
                return;
            }
            app = requireApp(desired, name);
            if (desired.apps().containsKey(newName)) {
                throw new UserError("cannot rename " + name + " to " + newName + ": an app has that name already");
            }
            if (app.runningInstances() > 0) {
                throw new UserError("cannot rename " + name + " while it runs: stop it first");
            }
            AppManifest renamed = Droplets.rename(state, app.manifest(), newName);
            JsonStore.write(state.desired(), desired.without(name).with(renamed, app.instances())
                    .withStopped(newName, true));
        }
    }

    /** Each running instance's own address: nothing routes to it but the gateway, and the gateway only as told. */
    @Override
    public SmokeTarget openSmokeTarget(String name) {
        requireApp(desired(), name);
        ActualState actual = JsonStore.read(state.actual(), ActualState.class).orElseThrow();
        List<URI> urls = actual.instances(name).stream().filter(i -> i.state().equals("RUNNING"))
                .map(i -> URI.create("http://127.0.0.1:" + i.port())).toList();
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

    private static DesiredApp requireApp(DesiredState desired, String name) {
        DesiredApp app = desired.apps().get(name);
        if (app == null) {
            throw UserError.unknownApp(name, desired.apps().keySet());
        }
        return app;
    }

    /**
     * Adds the app's running instances to the route's router, beside those of any other app mapped to it; returns once
     * the router relays new connections to them. Only loopback routes (127.0.0.1:PORT) are served here.
     */
    @Override
    public void mapRoute(String app, String route) {
        LocalRoute local = LocalRoute.loopback(app, route).orElseThrow(() -> new UserError("route '" + route
                + "' cannot be mapped on the local platform: it serves routes like 127.0.0.1:8080"));
        changeRoutes(app, route, "map " + route + " to " + app, desired -> desired.withRoute(app, route),
                actual -> actual.routedApps(local.port()).contains(app));
    }

    /** Takes the app's instances out of the route's router; returns once new connections no longer go to them. */
    @Override
    public void unmapRoute(String app, String route) {
        LocalRoute local = LocalRoute.loopback(app, route).orElseThrow(() -> new UserError("route '" + route
                + "' cannot be unmapped on the local platform: it serves routes like 127.0.0.1:8080"));
        changeRoutes(app, route, "unmap " + route + " from " + app, desired -> desired.withoutRoute(app, route),
                actual -> !actual.routedApps(local.port()).contains(app));
    }

    private void changeRoutes(String app, String route, String change, UnaryOperator<DesiredState> changed,
            Predicate<ActualState> applied) {
        try (CommandLock lock = lockKit(change)) {
            DesiredState desired = desired();
            if (!desired.apps().containsKey(app)) {
                throw UserError.unknownApp(app, desired.apps().keySet());
            }
            JsonStore.write(state.desired(), changed.apply(desired));
            try {
                Poller.every(POLL, ROUTE_CHANGE_TIMEOUT).await(() -> {
                    ActualState actual = JsonStore.read(state.actual(), ActualState.class).orElseThrow();
                    actual.problems().stream().filter(p -> p.contains(" " + route + " ")).findFirst().ifPresent(p -> {
                        throw new UserError(p);
                    });
                    return applied.test(actual);
                }, () -> "the local router did not " + change + " within " + ROUTE_CHANGE_TIMEOUT.toSeconds()
                        + " s (see " + state.supervisorLog() + ")");
            } catch (UserError e) {
                JsonStore.write(state.desired(), desired);
                throw e;
            }
        }
    }

    /** Every app reaches every other on loopback. */
    @Override
    public void allowTrafficLike(String app, String like) {
        // nothing to do
    }
}
