package io.cfkit.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The kit as a user runs it: the ./cf-deploy launcher started as a process for every command, with its own
 * state folder, free loopback ports for the routes, and credentials chosen here.
 */
final class Kit implements AutoCloseable {

    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "e2e-" + UUID.randomUUID();

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path home;
    final Path state;
    final int gatewayPort;
    final int configServerPort;
    final int eurekaPort;
    private final Map<String, String> environment;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Result(int exit, String output) {
    }

    private Kit(Path home, Path state) {
        this.home = home;
        this.state = state;
        this.gatewayPort = freePort();
        this.configServerPort = freePort();
        this.eurekaPort = freePort();
        this.environment = Map.of(
                "ADMIN_USERNAME", ADMIN_USER,
                "ADMIN_PASSWORD", ADMIN_PASSWORD,
                "CONFIG_SERVER_PASSWORD", "e2e-" + UUID.randomUUID(),
                "EUREKA_USERNAME", "eureka",
                "EUREKA_PASSWORD", "e2e-" + UUID.randomUUID());
    }

    /** Starts the whole kit with {@code cf-deploy up}; stops it again if that fails. */
    static Kit start() throws IOException {
        Path home = Path.of(System.getProperty("kit.home")).toRealPath();
        Path state = Path.of(System.getProperty("kit.state")).toAbsolutePath();
        Kit kit = new Kit(home, state);
        if (Files.exists(state)) {
            // a kit an earlier run may have left running; on a fresh checkout `up` comes first, the command whose
            // classes ./cf-deploy archives for the others
            kit.cli(COMMAND_TIMEOUT, "down");
        }
        deleteRecursively(state);
        Files.createDirectories(state);
        Path vars = state.resolveSibling("e2e-vars.yml");
        Files.writeString(vars, String.join("\n",
                "config-server-route: 127.0.0.1:" + kit.configServerPort,
                "config-server-url: http://127.0.0.1:" + kit.configServerPort,
                "discovery-service-route: 127.0.0.1:" + kit.eurekaPort,
                "eureka-url: http://127.0.0.1:" + kit.eurekaPort + "/eureka/",
                "edge-gateway-route: 127.0.0.1:" + kit.gatewayPort,
                ""));
        Runtime.getRuntime().addShutdownHook(new Thread(kit::close));
        Result up = kit.cli(UP_TIMEOUT, "up", "--vars-file", home.resolve("manifests/vars-local.yml").toString(),
                "--vars-file", vars.toString());
        System.out.println(up.output());
        if (up.exit() != 0) {
            kit.close();
            throw new IllegalStateException("cf-deploy up failed with exit " + up.exit() + ":\n" + up.output());
        }
        return kit;
    }

    /** A cf-deploy command running in the background, its output going to a file. */
    record Running(Process process, Path output) {

        String outputSoFar() {
            try {
                return Files.readString(output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Starts one cf-deploy command and returns at once; the caller waits for it and stops it. */
    Running background(String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("cf-deploy").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--state-dir", state.toString()));
        try {
            Path output = Files.createTempFile("cf-deploy", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            // None of the developer's cf-deploy settings (CF_DEPLOY_TARGET=cf, a CONFIG_REPO_URI, a sourced
            // credentials.env): the kit is the one this suite describes.
            pb.environment().keySet().removeIf(k -> k.startsWith("CF_") || k.startsWith("CONFIG_REPO_")
                    || k.startsWith("CONFIG_SERVER_") || k.startsWith("EUREKA_") || k.startsWith("ADMIN_"));
            pb.environment().putAll(environment);
            return new Running(pb.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one cf-deploy command to its end, or kills it after the timeout. */
    Result cli(Duration timeout, String... args) {
        Running running = background(args);
        Process process = running.process();
        Path output = running.output();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("cf-deploy " + String.join(" ", args) + " did not finish within "
                        + timeout + ":\n" + Files.readString(output));
            }
            String text = Files.readString(output);
            Files.delete(output);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Result cli(String... args) {
        return cli(COMMAND_TIMEOUT, args);
    }

    /** {@code cf-deploy apps --json}, one run: every app by name, so that a test can look at several at once. */
    Map<String, JsonNode> apps() {
        Result apps = cli("apps", "--json");
        if (apps.exit() != 0) {
            throw new IllegalStateException(apps.output());
        }
        Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
        try {
            JSON.readTree(apps.output()).forEach(app -> byName.put(app.path("name").asText(), app));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byName;
    }

    /** {@code cf-deploy apps --json}: the app of that name. */
    JsonNode app(String name) {
        Map<String, JsonNode> apps = apps();
        if (!apps.containsKey(name)) {
            throw new IllegalStateException("no app " + name + " in " + apps.keySet());
        }
        return apps.get(name);
    }

    /** Instance index to pid, for RUNNING instances. */
    Map<Integer, Long> pids(String app) {
        return pids(app(app));
    }

    /** Instance index to pid, for the RUNNING instances of an app from {@link #apps()}. */
    static Map<Integer, Long> pids(JsonNode app) {
        Map<Integer, Long> pids = new java.util.TreeMap<>();
        app.path("instances").forEach(i -> {
            if (i.path("state").asText().equals("RUNNING")) {
                pids.put(i.path("index").asInt(), i.path("pid").asLong());
            }
        });
        return pids;
    }

    /**
     * kill -9 of one instance; returns once the platform has restarted it and the new process is RUNNING.
     * Returns the killed pid.
     */
    long killAndAwaitRestart(String app, int index) {
        long victim = pids(app).get(index);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        // each look is a cf-deploy apps run, a JVM start of its own: no pause needed between them
        await("%s instance %d restarted after kill -9".formatted(app, index)).atMost(RESTART_TIMEOUT)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    Long now = pids(app).get(index);
                    return now != null && now != victim;
                });
        return victim;
    }

    /** How many instances of the app are UP in Eureka, asked through its route with the kit's credentials. */
    int registered(String eurekaApp) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + eurekaPort + "/eureka/apps/" + eurekaApp))
                    .timeout(Duration.ofSeconds(5)).header("Accept", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (environment.get("EUREKA_USERNAME") + ":" + environment.get("EUREKA_PASSWORD")).getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return 0;
            }
            int up = 0;
            for (JsonNode instance : JSON.readTree(response.body()).path("application").path("instance")) {
                up += instance.path("status").asText().equals("UP") ? 1 : 0;
            }
            return up;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> getAsAdmin(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                (ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postAsAdmin(URI uri) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Basic " + basic)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    Path configRepo() {
        return state.resolve("config-repo");
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        Result down = cli(COMMAND_TIMEOUT, "down");
        System.out.println("cf-deploy down: " + down.output().strip());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
