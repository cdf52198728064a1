package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.local.ActualState.InstanceState;
import io.cfkit.cfdeploy.local.DesiredState.DesiredApp;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.state.JsonStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local platform's cell and router in one background process: it makes what runs match what the user
 * asked for (desired.json), restarts crashed instances as Diego does, relays routes to running instances,
 * and writes what runs to actual.json. The CLI never talks to it; it only reads and writes those files.
 */
public final class Supervisor {

    private static final Duration TICK = Duration.ofMillis(200);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private final StateDir state;
    private final String javaBinary;
    private final Map<String, String> parentEnv = System.getenv();
    private final Map<String, TreeMap<Integer, Instance>> instances = new LinkedHashMap<>();
    /** One router per route port, kept while the supervisor runs (a route left with no app closes connections). */
    private final Map<Integer, Router> routers = new LinkedHashMap<>();
    private final Map<Instance, Boolean> checking = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>();
    /**
     * Per route port, the ports of the RUNNING instances of every app mapped to it, replaced whole each tick: the
     * routers read it from their threads, so a change of mapping reaches each new connection at once.
     */
    private volatile Map<Integer, List<Integer>> routable = Map.of();
    /** Per route port, the apps mapped to it as {@link #routable} last applied them: reported in actual.json. */
    private Map<Integer, List<String>> routedApps = Map.of();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "supervisor-worker");
        t.setDaemon(true);
        return t;
    });
    private final RouterLoops routerLoops = new RouterLoops();
    /** desired.json as it was when last read. */
    private FileStamp desiredStamp;
    /** actual.json as last written. */
    private ActualState written;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();

    public Supervisor(StateDir state) {
        this.state = state;
        this.javaBinary = ProcessHandle.current().info().command().orElse("java");
    }

    /** Runs until desired.json says stop (or disappears), then stops every instance and returns. */
    public void run() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopEverything, "supervisor-shutdown"));
        log("supervisor started, pid " + ProcessHandle.current().pid());
        DesiredState desired = null;
        while (true) {
            desired = desiredIfChanged(desired);
            if (desired == null || !desired.running()) {
                break;
            }
            reconcile(desired);
            writeActual();
            Thread.sleep(TICK.toMillis());
        }
        stopEverything();
        writeActual();
        log("supervisor stopped");
    }

    private void reconcile(DesiredState desired) {
        for (DesiredApp app : desired.apps().values()) {
            reconcile(app.manifest(), app.runningInstances());
        }
        instances.forEach((name, running) -> {
            if (!desired.apps().containsKey(name)) {
                scaleDown(running, 0);
            }
        });
        route(desired);
    }

    /** Each mapped route gets a router, relaying to the running instances of every app mapped to it. */
    private void route(DesiredState desired) {
        Map<Integer, List<String>> apps = new LinkedHashMap<>();
        Map<Integer, List<Integer>> ports = new LinkedHashMap<>();
        for (DesiredApp app : desired.apps().values()) {
            for (String mapped : app.routes()) {
                // mapRoute and the manifest reader let through only loopback and internal routes
                LocalRoute.loopback(app.manifest().name(), mapped).filter(this::listening).ifPresent(route -> {
                    apps.computeIfAbsent(route.port(), p -> new ArrayList<>()).add(route.app());
                    ports.computeIfAbsent(route.port(), p -> new ArrayList<>()).addAll(runningPorts(route.app()));
                });
            }
        }
        routers.keySet().forEach(port -> ports.putIfAbsent(port, List.of()));
        routable = ports;
        routers.forEach((port, router) -> {
            List<String> now = apps.getOrDefault(port, List.of());
            if (!now.equals(routedApps.getOrDefault(port, List.of()))) {
                log("routing " + router.route().route() + " to " + (now.isEmpty() ? "no app" : String.join(", ", now)));
            }
        });
        routedApps = apps;
    }

    private List<Integer> runningPorts(String app) {
        return instances.getOrDefault(app, new TreeMap<>()).values().stream()
                .filter(i -> i.state() == Instance.State.RUNNING)
                .map(i -> i.port)
                .toList();
    }

    /** True once the route's port has a router; the first app mapped to a port starts one. */
    private boolean listening(LocalRoute route) {
        if (routers.containsKey(route.port())) {
            return true;
        }
        try {
            routers.put(route.port(), new Router(route,
                    () -> routable.getOrDefault(route.port(), List.of()), routerLoops));
            return true;
        } catch (IOException e) {
            String problem = "cannot listen on " + route.route() + " for " + route.app() + ": " + e.getMessage();
            if (!problems.contains(problem)) {
                problems.add(problem);
                log(problem);
            }
            return false;
        }
    }

    private void reconcile(AppManifest app, int desiredCount) {
        TreeMap<Integer, Instance> running = instances.computeIfAbsent(app.name(), k -> new TreeMap<>());
        for (int index = 0; index < desiredCount; index++) {
            Instance instance = running.get(index);
            if (instance == null) {
                instance = new Instance(app, index, state);
                running.put(index, instance);
                instance.start(parentEnv, javaBinary);
                continue;
            }
            tend(instance);
        }
        scaleDown(running, desiredCount);
    }

    /** Stops the instances from {@code desiredCount} up, highest index first as Cloud Foundry does. */
    private void scaleDown(TreeMap<Integer, Instance> running, int desiredCount) {
        for (Instance extra : running.tailMap(desiredCount, true).descendingMap().values()) {
            if (extra.state() != Instance.State.STOPPING) {
                extra.event("Scaling down");
                extra.requestStop();
                workers.execute(extra::awaitStop);
            }
        }
        running.values().removeIf(i -> i.state() == Instance.State.STOPPING && i.exited());
    }

    /** Moves one wanted instance along: health checks while starting, crash detection, restarts. */
    private void tend(Instance instance) {
        switch (instance.state()) {
            case STARTING -> {
                if (instance.exited()) {
                    instance.crashed("exited while starting, " + instance.exitDescription());
                } else if (instance.healthy()) {
                    instance.running();
                } else if (instance.startTimedOut()) {
                    instance.crashed("not healthy within " + instance.app.timeoutSeconds() + " s");
                } else {
                    checkHealth(instance);
                }
            }
            case RUNNING -> {
                if (instance.exited()) {
                    instance.crashed(instance.exitDescription());
                }
            }
            case CRASHED -> {
                if (instance.dueForRestart()) {
                    instance.start(parentEnv, javaBinary);
                }
            }
            case STOPPING -> {
                // scaled down then up again before it finished stopping: the stop thread finishes first
            }
        }
    }

    private void checkHealth(Instance instance) {
        if (checking.putIfAbsent(instance, Boolean.TRUE) != null) {
            return;
        }
        workers.execute(() -> {
            try {
                if (healthy(instance)) {
                    instance.markHealthy();
                }
            } finally {
                checking.remove(instance);
            }
        });
    }

    private boolean healthy(Instance instance) {
        AppManifest app = instance.app;
        try {
            switch (app.healthCheckType()) {
                case "process" -> {
                    return !instance.exited();
                }
                case "http" -> {
                    HttpRequest request = HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + instance.port + app.healthCheckEndpoint()))
                            .timeout(HEALTH_TIMEOUT).GET().build();
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status < 200 || status >= 400) {
                        Thread.sleep(500);
                        return false;
                    }
                    return true;
                }
                default -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), instance.port),
                                (int) HEALTH_TIMEOUT.toMillis());
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            sleepQuietly();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void stopEverything() {
        List<Instance> all = new ArrayList<>();
        instances.values().forEach(m -> all.addAll(m.values()));
        all.forEach(Instance::requestStop);
        all.parallelStream().forEach(Instance::awaitStop);
        routers.values().forEach(Router::close);
        routerLoops.close();
    }

    /** A file as its attributes tell it apart: the CLI replaces desired.json by an atomic move, so a new key. */
    private record FileStamp(Object key, FileTime modified, long size) {
    }

    /**
     * desired.json, read again only when the CLI has replaced it (it writes by an atomic move, so a new file) since
     * {@code last} was read: parsing every app's manifest five times a second was most of an idle supervisor's work.
     * Null when there is none.
     */
    private DesiredState desiredIfChanged(DesiredState last) {
        BasicFileAttributes file;
        try {
            file = Files.readAttributes(state.desired(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + state.desired(), e);
        }
        FileStamp stamp = new FileStamp(file.fileKey(), file.lastModifiedTime(), file.size());
        if (last != null && stamp.equals(desiredStamp)) {
            return last;
        }
        desiredStamp = stamp;
        return JsonStore.read(state.desired(), DesiredState.class).orElse(null);
    }

    /** Writes actual.json when what runs has changed since the last write: an idle kit writes nothing. */
    private void writeActual() {
        Map<String, List<InstanceState>> apps = new LinkedHashMap<>();
        instances.forEach((name, running) -> apps.put(name, running.values().stream().map(Instance::snapshot).toList()));
        ActualState now = new ActualState(ProcessHandle.current().pid(), System.currentTimeMillis(), apps, problems,
                routedApps);
        if (written != null && now.apps().equals(written.apps()) && now.problems().equals(written.problems())
                && now.routes().equals(written.routes())) {
            return;
        }
        JsonStore.write(state.actual(), now);
        written = now;
    }

    /** A port free now on loopback; the instance binds it a moment later, which is the usual small race. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }

    private void log(String message) {
        PlatformLog.append(state.supervisorLog(), "SUPERVISOR", message);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
