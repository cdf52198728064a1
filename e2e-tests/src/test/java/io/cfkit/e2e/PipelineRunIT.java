package io.cfkit.e2e;

import static io.cfkit.e2e.SteadyTraffic.zeroDowntime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kit's Concourse pipeline run here by {@code cf-deploy pipeline run}, against the shared kit's local platform
 * under steady traffic: it builds the kit from this checkout, deploys the build as green, walks the canary steps and
 * promotes, then switches the gateway's route to the build's gateway, which {@code cf-deploy rollback} switches back;
 * the manual rollback job brings the version before back; the same build deployed again with the fault switch on
 * fails the canary job. build-and-test packages without tests (skip-tests in the vars): the suite running this test runs them.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedKit.class)
class PipelineRunIT {

    private static final String HELLO = "helloworld-service";
    private static final String GATEWAY = "edge-gateway";
    /** A build of every module of the kit, then deploy, canary and promote: bounded, and generous for two cores. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(25);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern BUILT_VERSION = Pattern.compile("stored version \\{\"number\":\"([0-9.]+)\"}");

    private static Kit kit;
    private static Path dir;
    private static Path pipeline;
    private static String before;
    private static String built;

    @BeforeAll
    static void thePipeline() throws Exception {
        kit = SharedKit.kit;
        assertThat(kit.cli("scale", HELLO, "-i", "1").exit()).isZero();
        assertThat(kit.cli("scale", GATEWAY, "-i", "2").exit()).isZero();
        dir = Files.createTempDirectory("pipeline-run-it");
        pipeline = kit.home.resolve("pipelines/deploy-kit.yml");
        before = versions(20).keySet().iterator().next();
    }

    @AfterAll
    static void removeTheFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        // if a test failed before the gateway's switch was rolled back: leave the kit as the tests after this one
        // expect it, with the kit's gateway
        if (kit.pids(GATEWAY).isEmpty()) {
            Kit.Result rollback = kit.cli("rollback", GATEWAY);
            assertThat(rollback.exit()).as(rollback.output()).isZero();
        }
    }

    /** The local vars: the kit's checkout, this machine's Maven repository, short canary steps. */
    private static Path vars(String name, String greenEnv) throws IOException {
        String mavenRepository = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        return Files.writeString(dir.resolve(name), String.join("\n",
                "git-uri: " + kit.home,
                "git-branch: main",
                "git-private-key: ''",
                "version-branch: version",
                "artefact-bucket: e2e",
                "artefact-region: local",
                "artefact-access-key-id: ''",
                "artefact-secret-access-key: ''",
                "skip-tests: 'true'",
                "maven-repo-local: " + mavenRepository,
                "cf-deploy-target: local",
                "cf-api: ''", "cf-username: ''", "cf-password: ''", "cf-org: ''", "cf-space: ''",
                "cf-skip-ssl-validation: 'false'",
                "bind-address: 127.0.0.1",
                "config-server-route: ''", "config-repo-uri: ''", "config-repo-username: ''",
                "config-repo-password: ''", "config-server-username: ''", "config-server-password: ''",
                "discovery-service-route: ''", "eureka-username: ''", "eureka-password: ''",
                "green-env: '" + greenEnv + "'",
                "canary-steps: '10,50,100'",
                "canary-interval: 6s",
                "canary-max-error-rate: 5%",
                // a fresh JVM answers its first requests slowly: latency is judged by the benchmarks, not here
                "canary-max-p99-ratio: '50'",
                ""));
    }

    /** Runs the pipeline (all triggered jobs, or JOB) with steady traffic from deploy-green on; its result. */
    private static Run runUnderTraffic(Path vars, String... job) throws Exception {
        String[] args = Stream.concat(Stream.of("pipeline", "run", pipeline.toString(), "-l", vars.toString(),
                "--repository", kit.home.toString()), Stream.of(job)).toArray(String[]::new);
        Kit.Running running = kit.background(args);
        SteadyTraffic traffic = null;
        try {
            if (job.length == 0) {
                // no traffic needed while it builds; the stream starts before the first job that touches the platform
                await("the pipeline reaches deploy-green").atMost(RUN_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> running.outputSoFar().contains("==> deploy-green") || !running.process().isAlive());
            }
            traffic = new SteadyTraffic(kit.gateway("/hello/id"), 2);
            assertThat(running.process().waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("pipeline run finished:\n%s", running.outputSoFar()).isTrue();
        } finally {
            if (traffic != null) {
                traffic.close();
            }
            running.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = running.outputSoFar();
        Files.delete(running.output());
        System.out.println(output);
        System.out.printf("pipeline run %s under traffic: %d requests, %d failed%n", String.join(" ", job),
                traffic.ok(), traffic.failures().size());
        return new Run(running.process().exitValue(), output, traffic);
    }

    record Run(int exit, String output, SteadyTraffic traffic) {
    }

    @Test
    @Order(1)
    void thePipelineBuildsDeploysGreenWalksTheCanaryAndPromotesWithNoFailedRequest() throws Exception {
        Run run = runUnderTraffic(vars("vars.yml", ""));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).containsSubsequence(
                "==> build-and-test #1", "--> get: kit (git)", "--> task: build-and-test", "--> put: jars (s3)",
                "==> build-and-test #1 succeeded",
                "==> deploy-platform-services #1 succeeded",
                "==> deploy-green #1", "is ready, with no traffic", "==> deploy-green #1 succeeded",
                "==> canary #1", "at 10 %", "at 50 %", "at 100 %", "==> canary #1 succeeded",
                "==> promote #1 succeeded",
                "==> switch-edge-gateway #1", "--> task: switch-edge-gateway", "smoke test passed",
                "==> switch-edge-gateway #1 succeeded",
                "==> rollback: not triggered");
        assertThat(run.traffic().ok()).isPositive();
        assertThat(run.traffic().failures()).isEmpty();

        Matcher version = BUILT_VERSION.matcher(run.output());
        assertThat(version.find()).as(run.output()).isTrue();
        built = "v" + version.group(1).replace('.', '-');
        assertThat(versions(50)).containsOnlyKeys(built);

        String history = kit.cli("history", HELLO).output();
        assertThat(history).contains("Deploy helloworld-service " + built + " beside " + before,
                built + " at 10 %", built + " at 50 %", built + " at 100 %", "Promote helloworld-service: " + built);
        // the gateway went blue-green by its route, under the same traffic
        String switched = GATEWAY + "-" + built;
        Map<String, JsonNode> apps = kit.apps();
        assertThat(apps.get(switched).path("routes")).extracting(JsonNode::asText).containsExactly(gatewayRoute());
        assertThat(apps.get(GATEWAY).path("routes")).isEmpty();
        assertThat(Kit.pids(apps.get(GATEWAY))).isEmpty();
        assertThat(Kit.pids(apps.get(switched))).hasSize(2);
        // the switched gateway registers in Eureka as the gateway did, and its instances are the gateways the traffic
        // commands reach
        await().atMost(Duration.ofSeconds(30)).until(() -> kit.registered("EDGE-GATEWAY") == 2);
        Kit.Result status = kit.cli("status", HELLO);
        assertThat(status.exit()).as(status.output()).isZero();
        for (JsonNode instance : apps.get(switched).path("instances")) {
            assertThat(status.output()).contains(switched + "/" + instance.path("index").asInt());
        }
    }

    @Test
    @Order(2)
    void rollingBackTheGatewaysSwitchBringsTheKitsGatewayBackWithNoFailedRequest() throws Exception {
        String switched = GATEWAY + "-" + built;
        zeroDowntime(kit, "rollback of the gateway switch", () -> {
            Kit.Result rollback = kit.cli("rollback", GATEWAY);
            assertThat(rollback.exit()).as(rollback.output()).isZero();
        });

        Map<String, JsonNode> apps = kit.apps();
        assertThat(apps.get(GATEWAY).path("routes")).extracting(JsonNode::asText).containsExactly(gatewayRoute());
        assertThat(apps.get(switched).path("routes")).isEmpty();
        assertThat(Kit.pids(apps.get(switched))).isEmpty();
        assertThat(Kit.pids(apps.get(GATEWAY))).hasSize(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> kit.registered("EDGE-GATEWAY") == 2);
    }

    @Test
    @Order(3)
    void theManualRollbackJobBringsThePreviousVersionBackWithNoFailedRequest() throws Exception {
        Run run = runUnderTraffic(dir.resolve("vars.yml"), "--job", "rollback");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("==> rollback #1", "--> task: rollback", "==> rollback #1 succeeded");
        assertThat(run.traffic().failures()).isEmpty();
        assertThat(versions(50)).containsOnlyKeys(before);
    }

    @Test
    @Order(4)
    void aGreenThatFailsItsCanaryAnalysisFailsTheCanaryJobWithItsWeightBackAtZero() throws Exception {
        // the build of the first test, deployed again with the fault switch on: a second build of the same checkout
        // would add half a minute and test nothing more (that a failed job stops the jobs after it is
        // PipelineRunnerTest's)
        Path faulty = vars("faulty-vars.yml", "FAULT_ERRORRATE=0.5");
        Run deploy = runUnderTraffic(faulty, "--job", "deploy-green");
        assertThat(deploy.exit()).as(deploy.output()).isZero();
        assertThat(deploy.output()).contains("==> deploy-green #2 succeeded");

        Run canary = runUnderTraffic(faulty, "--job", "canary");

        assertThat(canary.exit()).as(canary.output()).isEqualTo(1);
        assertThat(canary.output()).contains("==> canary #2 failed: task canary exited", "failed analysis at 10 %",
                "its weight is back to 0 %", "cf-deploy: job canary failed: task canary exited with 1");
        assertThat(versions(100)).containsOnlyKeys(before);

        // leave the kit as it was for the tests after this one: the faulty green goes
        Kit.Result rollback = kit.cli(JOB_TIMEOUT, "pipeline", "run", pipeline.toString(), "-l", faulty.toString(),
                "--repository", kit.home.toString(), "--job", "rollback");
        assertThat(rollback.exit()).as(rollback.output()).isZero();
    }

    private static String gatewayRoute() {
        return "127.0.0.1:" + kit.gatewayPort;
    }

    /** Answering versions (X-App-Version) of N requests through the gateway. */
    private static Map<String, Integer> versions(int requests) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = kit.http.send(HttpRequest.newBuilder(kit.gateway("/hello/id"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            counts.merge(response.headers().firstValue("X-App-Version").orElse("none"), 1, Integer::sum);
        }
        return counts;
    }
}
