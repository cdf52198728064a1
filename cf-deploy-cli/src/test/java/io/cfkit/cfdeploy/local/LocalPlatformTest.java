package io.cfkit.cfdeploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.SmokeTarget;
import io.cfkit.cfdeploy.state.JsonStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local platform with real processes: a small fixture app started through the supervisor. */
class LocalPlatformTest {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private final StringWriter output = new StringWriter();
    private LocalPlatform platform;

    @AfterEach
    void stopEverything() {
        if (platform != null) {
            platform.down();
        }
    }

    private LocalPlatform platform() {
        platform = new LocalPlatform(new StateDir(dir.resolve("state")), new PrintWriter(output, true));
        return platform;
    }

    private static AppManifest fixture(String name, int instances, List<String> routes, boolean healthy) {
        String command = "exec " + JAVA + " -Xmx32m -cp " + System.getProperty("java.class.path")
                + " " + FixtureApp.class.getName();
        return new AppManifest(name, name + ".yml", null, command, 64, instances, routes,
                Map.of("FIXTURE_NAME", name, "FIXTURE_HEALTHY", Boolean.toString(healthy)), "http", "/health", 15);
    }

    @Test
    void upStartsInstancesBehindTheirRouteAndScaleChangesThem() throws Exception {
        int routePort = freePort();
        LocalPlatform local = platform();
        local.up(AppSet.of(List.of(fixture("web", 2, List.of("127.0.0.1:" + routePort), true))));
        // desired.json holds every app's environment, passwords included
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/desired.json"))))
                .isEqualTo("rw-------");

        AppStatus web = local.apps().get(0);
        assertThat(web.runningInstances()).isEqualTo(2);
        assertThat(web.instances()).extracting(AppStatus.InstanceStatus::pid).doesNotContain(0L);
        // Each in a session of its own, as each instance on Cloud Foundry is in a container of its own.
        for (AppStatus.InstanceStatus instance : web.instances()) {
            assertThat(sessionOf(instance.pid())).as("session of instance %d", instance.index())
                    .isEqualTo(instance.pid());
        }
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            // a new client each time: the router balances connections, and a client keeps its connection alive
            answers.add(getOnNewConnection("http://127.0.0.1:" + routePort + "/"));
        }
        assertThat(answers).containsExactlyInAnyOrder("instance 0 of web", "instance 1 of web");

        local.scale("web", 3);
        assertThat(local.apps().get(0).runningInstances()).isEqualTo(3);

        local.scale("web", 1);
        AppStatus scaledDown = local.apps().get(0);
        assertThat(scaledDown.instances()).extracting(AppStatus.InstanceStatus::index).containsExactly(0);
        assertThat(ProcessHandle.of(web.instances().get(1).pid()).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    void aRouteMappedToTwoAppsRelaysToBothAndAnUnmapUnderLoadLosesNoRequest() throws Exception {
        int routePort = freePort();
        String route = "127.0.0.1:" + routePort;
        LocalPlatform local = platform();
        local.up(AppSet.of(List.of(fixture("web", 1, List.of(route), true))));
        local.push(fixture("web-v2", 1, List.of(), true));
        List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread client = new Thread(() -> {
            while (running.get()) {
                try {
                    answers.add(getOnNewConnection("http://" + route + "/"));
                } catch (IOException e) {
                    failures.add(e.toString());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        client.start();
        try {
            awaitMore(answers, 20);
            local.mapRoute("web-v2", route);
            int mapped = answers.size();
            awaitMore(answers, 20);
            assertThat(snapshotFrom(answers, mapped)).contains("instance 0 of web", "instance 0 of web-v2");

            local.unmapRoute("web", route);
            int unmapped = answers.size();
            awaitMore(answers, 20);
            // one request may have been relayed while the unmap was applied
            assertThat(snapshotFrom(answers, unmapped + 1)).containsOnly("instance 0 of web-v2");
        } finally {
            running.set(false);
            client.join(10_000);
        }
        assertThat(failures).isEmpty();
        assertThat(local.apps()).extracting(AppStatus::name, AppStatus::routes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web", List.of()),
                        org.assertj.core.groups.Tuple.tuple("web-v2", List.of(route)));
        assertThat(Files.readString(dir.resolve("state/supervisor.log"))).contains("routing " + route + " to web, web-v2");
    }

    @Test
    void onlyLoopbackRoutesOfKnownAppsAreMapped() {
        LocalPlatform local = platform();
        local.up(AppSet.of(List.of(fixture("web", 1, List.of(), true))));

        assertThatThrownBy(() -> local.mapRoute("web", "web.apps.example.com"))
                .hasMessage("route 'web.apps.example.com' cannot be mapped on the local platform: it serves routes like"
                        + " 127.0.0.1:8080");
        assertThatThrownBy(() -> local.mapRoute("nope", "127.0.0.1:9")).hasMessage("unknown app 'nope': known apps are web");
        assertThat(local.apps().get(0).routes()).isEmpty();
    }

    /** The answers from index {@code from} on, as they are now: the client goes on adding to the list. */
    private static List<String> snapshotFrom(List<String> answers, int from) {
        List<String> now = List.copyOf(answers);
        return now.subList(from, now.size());
    }

    private static void awaitMore(List<String> answers, int count) {
        int target = answers.size() + count;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() >= target);
    }

    @Test
    void aKilledInstanceIsRestarted() throws Exception {
        LocalPlatform local = platform();
        local.up(AppSet.of(List.of(fixture("web", 1, List.of(), true))));
        long pid = local.apps().get(0).instances().get(0).pid();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        long deadline = System.currentTimeMillis() + 20_000;
        AppStatus.InstanceStatus instance;
        do {
            Thread.sleep(200);
            instance = local.apps().get(0).instances().get(0);
        } while (!(instance.state().equals("RUNNING") && instance.pid() != pid)
                && System.currentTimeMillis() < deadline);
        assertThat(instance.state()).isEqualTo("RUNNING");
        assertThat(instance.pid()).isNotEqualTo(pid);
        assertThat(instance.crashes()).isEqualTo(1);
        assertThat(get(instance.url() + "/")).isEqualTo("instance 0 of web");
    }

    @Test
    void anAppThatNeverGetsHealthyStopsUpAndLeavesNothingRunning() {
        LocalPlatform local = platform();
        AppSet apps = AppSet.of(List.of(fixture("first", 1, List.of(), true),
                new AppManifest("sick", "sick.yml", null, fixture("sick", 1, List.of(), false).command(), 64, 1,
                        List.of(), Map.of("FIXTURE_HEALTHY", "false"), "http", "/health", 2)));

        assertThatThrownBy(() -> local.up(apps))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("sick")
                .hasMessageContaining("stopped everything up started");
        assertThat(output.toString()).contains("Last log lines of sick:").contains("fixture listening on");
        assertThat(local.running()).isFalse();
        assertThat(Files.exists(dir.resolve("state/actual.json"))).isFalse();
    }

    @Test
    void upRefusesARouteWhosePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalPlatform local = platform();
            AppSet apps = AppSet.of(List.of(fixture("web", 1, List.of("127.0.0.1:" + taken.getLocalPort()), true)));

            assertThatThrownBy(() -> local.up(apps))
                    .hasMessage("port " + taken.getLocalPort() + " of route 127.0.0.1:" + taken.getLocalPort()
                            + " (web) is taken by another process: free it, or change the route in your vars file");
            assertThat(local.running()).isFalse();
        }
    }

    @Test
    void aFailedPushLeavesNoInstanceBehindSoItCanBeTriedAgainAtOnce() throws Exception {
        LocalPlatform local = platform();
        local.up(AppSet.of(List.of(fixture("web", 1, List.of(), true))));
        Path faults = Files.createDirectories(dir.resolve("faults"));
        Files.writeString(faults.resolve("web-green"), FixtureApp.CRASH);
        AppManifest fixture = fixture("web-green", 1, List.of(), true);
        Map<String, String> env = new java.util.HashMap<>(fixture.env());
        env.put("FIXTURE_FAULTS", faults.toString());
        AppManifest green = new AppManifest(fixture.name(), fixture.manifestFile(), null, fixture.command(),
                fixture.memoryMb(), 1, List.of(), env, "http", "/health", 15);

        assertThatThrownBy(() -> local.push(green)).isInstanceOf(UserError.class)
                .hasMessageContaining("web-green/0 crashed 3 times").hasMessageEndingWith("web-green is back as it was");
        assertThat(JsonStore.read(dir.resolve("state/actual.json"), ActualState.class).orElseThrow()
                .instances("web-green")).isEmpty();

        Files.delete(faults.resolve("web-green"));
        local.push(green);
        assertThat(local.apps()).extracting(AppStatus::name, AppStatus::runningInstances)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web", 1L),
                        org.assertj.core.groups.Tuple.tuple("web-green", 1L));
    }

    @Test
    void aPushOfAJarThatIsNotThereNamesItAndChangesNothing() {
        LocalPlatform local = platform();
        local.up(AppSet.of(List.of(fixture("web", 1, List.of(), true))));
        long pid = local.apps().get(0).instances().get(0).pid();
        String missing = dir.resolve("missing.jar").toString();
        AppManifest web = local.manifest("web").orElseThrow();

        assertThatThrownBy(() -> local.push(new AppManifest("web", web.manifestFile(), missing, null, 64, 1, List.of(),
                Map.of(), "http", "/health", 15))).isInstanceOf(UserError.class)
                .hasMessage("the jar of web does not exist: " + missing + " (build it, or give the path of one that does)");

        assertThat(local.manifest("web")).contains(web);
        assertThat(local.apps().get(0).instances()).extracting(AppStatus.InstanceStatus::pid).containsExactly(pid);
    }

    @Test
    void commandsOnAStoppedKitSayHowToStartIt() {
        assertThatThrownBy(() -> platform().scale("web", 2))
                .hasMessage("the kit is not running: start it with ./cf-deploy up");
    }

    @Test
    void scaleRejectsUnknownAppsAndNegativeCounts() {
        LocalPlatform local = platform();
        local.up(AppSet.of(List.of(fixture("web", 1, List.of(), true))));

        assertThatThrownBy(() -> local.scale("nope", 1)).hasMessage("unknown app 'nope': known apps are web");
        assertThatThrownBy(() -> local.scale("web", -1)).hasMessage("instance count -1 is below 0: give 0 or more");
        assertThat(local.apps().get(0).runningInstances()).isEqualTo(1);
    }

    @Test
    void aStoppedAppKeepsItsInstanceCountForStartAndADeletedOneIsGone() throws Exception {
        LocalPlatform local = platform();
        local.up(AppSet.of(List.of(fixture("web", 1, List.of(), true))));
        local.push(fixture("web-green", 2, List.of(), true));
        long firstPid = local.apps().get(1).instances().get(0).pid();

        try (SmokeTarget target = local.openSmokeTarget("web-green")) {
            assertThat(target.urls()).hasSize(2);
            Set<String> answers = new HashSet<>();
            for (URI url : target.urls()) {
                answers.add(get(url + "/"));
            }
            assertThat(answers).containsExactlyInAnyOrder("instance 0 of web-green", "instance 1 of web-green");
        }

        local.stop("web-green");
        AppStatus stopped = local.apps().get(1);
        assertThat(stopped.requestedState()).isEqualTo("stopped");
        assertThat(stopped.desiredInstances()).isEqualTo(2);
        assertThat(stopped.instances()).isEmpty();
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        local.start("web-green");
        AppStatus started = local.apps().get(1);
        assertThat(started.requestedState()).isEqualTo("started");
        assertThat(started.runningInstances()).isEqualTo(2);

        String droplet = local.manifest("web-green").orElseThrow().path();
        local.delete("web-green");
        assertThat(local.apps()).extracting(AppStatus::name).containsExactly("web");
        assertThat(local.manifest("web-green")).isEmpty();
        if (droplet != null) {
            assertThat(Files.exists(Path.of(droplet))).isFalse();
        }
        local.delete("web-green");
        assertThatThrownBy(() -> local.start("web-green")).hasMessage("unknown app 'web-green': known apps are web");
    }

    @Test
    void aStoppedAppIsRenamedKeepingItsCountAndARunningOneIsNot() throws Exception {
        LocalPlatform local = platform();
        local.up(AppSet.of(List.of(fixture("web", 1, List.of(), true))));
        local.push(fixture("web-green", 1, List.of(), true));

        assertThatThrownBy(() -> local.rename("web-green", "web-green-failed"))
                .hasMessage("cannot rename web-green while it runs: stop it first");
        assertThatThrownBy(() -> local.rename("web-green", "web"))
                .hasMessage("cannot rename web-green to web: an app has that name already");

        local.stop("web-green");
        local.rename("web-green", "web-green-failed");
        local.rename("web-green", "web-green-failed");

        assertThat(local.apps()).extracting(AppStatus::name).containsExactly("web", "web-green-failed");
        AppStatus kept = local.apps().get(1);
        assertThat(kept.requestedState()).isEqualTo("stopped");
        assertThat(kept.desiredInstances()).isEqualTo(1);
        assertThat(local.manifest("web-green-failed").orElseThrow().env()).containsEntry("FIXTURE_NAME", "web-green");
        assertThat(local.manifest("web-green")).isEmpty();
    }

    @Test
    void aDesiredStateWrittenBeforeAppsCouldStopStartsEveryApp() throws IOException {
        Path old = dir.resolve("desired.json");
        Files.writeString(old, """
                {"running": true, "apps": {"web": {"manifest": {"name": "web", "instances": 2, "routes": [],
                 "env": {}}, "instances": 2}}}""");

        DesiredState desired = io.cfkit.cfdeploy.state.JsonStore.read(old, DesiredState.class).orElseThrow();

        assertThat(desired.apps().get("web").stopped()).isFalse();
        assertThat(desired.apps().get("web").runningInstances()).isEqualTo(2);
        assertThat(desired.withStopped("web", true).apps().get("web").runningInstances()).isZero();
        assertThat(desired.withStopped("web", true).withStopped("web", false).apps().get("web").runningInstances())
                .isEqualTo(2);
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String getOnNewConnection(String url) throws IOException, InterruptedException {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestProperty("Connection", "close");
        connection.setReadTimeout(5000);
        try (var in = connection.getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The session id of a process: the sixth field of /proc/<pid>/stat, counted past the command's parentheses. */
    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] afterCommand = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(afterCommand[3]);
    }
}
