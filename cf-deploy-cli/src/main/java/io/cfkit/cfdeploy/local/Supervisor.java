package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.local.ActualState.InstanceState;
import io.cfkit.cfdeploy.local.DesiredState.DesiredApp;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.state.JsonStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private final Map<String, Router> routers = new LinkedHashMap<>();
    private final Map<Instance, Boolean> checking = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>();
    /** Ports of each app's RUNNING instances, replaced whole each tick: the routers read it from their threads. */
    private volatile Map<String, List<Integer>> routable = Map.of();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "supervisor-worker");
        t.setDaemon(true);
        return t;
    });
    private final RouterLoops routerLoops = new RouterLoops();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();

    public Supervisor(StateDir state) {
        this.state = state;
        this.javaBinary = ProcessHandle.current().info().command().orElse("java");
    }

    /** Runs until desired.json says stop (or disappears), then stops every instance and returns. */
    public void run() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopEverything, "supervisor-shutdown"));
        log("supervisor started, pid " + ProcessHandle.current().pid());
        while (true) {
            DesiredState desired = JsonStore.read(state.desired(), DesiredState.class).orElse(null);
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
            route(app.manifest());
        }
        instances.forEach((name, running) -> {
            if (!desired.apps().containsKey(name)) {
                scaleDown(running, 0);
            }
        });
        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        instances.forEach((name, running) -> ports.put(name, running.values().stream()
                .filter(i -> i.state() == Instance.State.RUNNING)
                .map(i -> i.port)
                .toList()));
        routable = ports;
    }

    private void reconcile(AppManifest app, int desiredCount) {
        TreeMap<Integer, Instance> running = instances.computeIfAbsent(app.name(), k -> new TreeMap<>());
        for (int index = 0; index < desiredCount; index++) {
            Instance instance = running.get(index);
            if (instance == null) {
                instance = new Instance(app, index, freePort(), state);
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

    private void route(AppManifest app) {
        for (LocalRoute route : LocalRoute.of(app)) {
            if (routers.containsKey(route.route())) {
                continue;
            }
            try {
                routers.put(route.route(), new Router(route, () -> runningPorts(app.name()), routerLoops));
                log("routing " + route.route() + " to " + app.name());
            } catch (IOException e) {
                String problem = "cannot listen on " + route.route() + " for " + app.name() + ": " + e.getMessage();
                if (!problems.contains(problem)) {
                    problems.add(problem);
                    log(problem);
                }
            }
        }
    }

    private List<Integer> runningPorts(String app) {
        return routable.getOrDefault(app, List.of());
    }

    private void stopEverything() {
        List<Instance> all = new ArrayList<>();
        instances.values().forEach(m -> all.addAll(m.values()));
        all.forEach(Instance::requestStop);
        all.parallelStream().forEach(Instance::awaitStop);
        routers.values().forEach(Router::close);
        routerLoops.close();
    }

    private void writeActual() {
        Map<String, List<InstanceState>> apps = new LinkedHashMap<>();
        instances.forEach((name, running) -> apps.put(name, running.values().stream().map(Instance::snapshot).toList()));
        JsonStore.write(state.actual(), new ActualState(ProcessHandle.current().pid(), System.currentTimeMillis(), apps,
                problems));
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
