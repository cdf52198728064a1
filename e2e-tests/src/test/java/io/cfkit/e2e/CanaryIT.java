package io.cfkit.e2e;

import static io.cfkit.e2e.SteadyTraffic.zeroDowntime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Canary and blue-green through the gateway, on the shared kit with two gateway instances: a green version
 * beside blue, weights, pins, promote and rollback under traffic, a deploy whose smoke test fails. A failing canary
 * rolled back by the step plan's analysis is PipelineRunIT's last test: the pipeline's canary job runs that plan.
 */
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedKit.class)
class CanaryIT {

    private static final String HELLO = "helloworld-service";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Kit kit;

    @BeforeAll
    static void twoGatewaysAndOneBlueInstance() {
        kit = SharedKit.kit;
        assertThat(kit.cli("scale", "edge-gateway", "-i", "2").exit()).isZero();
        assertThat(kit.cli("scale", HELLO, "-i", "1").exit()).isZero();
    }

    @Test
    @Order(1)
    void deployStartsGreenBesideBlueWithNoTraffic() throws Exception {
        zeroDowntime(kit, "deploy green", () -> {
            Kit.Result deploy = kit.cli("deploy", HELLO, "--version", "green");
            assertThat(deploy.exit()).as(deploy.output()).isZero();
            assertThat(deploy.output()).contains("green of helloworld-service is ready, with no traffic");
        });
        assertThat(kit.pids(HELLO + "-green")).hasSize(1);
        assertThat(versions(200, Map.of())).containsOnlyKeys("blue");
    }

    @Test
    @Order(2)
    void aPinnedRequestReachesGreenAtWeightZero() throws Exception {
        assertThat(versions(50, Map.of("X-Canary-Version", "green"))).containsOnlyKeys("green");
        assertThat(versions(50, Map.of("Cookie", "canary-version=green"))).containsOnlyKeys("green");
    }

    @Test
    @Order(3)
    void aTenPercentCanaryGetsTenPercentOnEveryGatewayAtOnce() throws Exception {
        List<URI> gateways = gatewayInstances();
        zeroDowntime(kit, "canary 10 %", () -> {
            Kit.Result canary = kit.cli("canary", HELLO, "--weight", "10", "--reason", "first look at green");
            assertThat(canary.exit()).as(canary.output()).isZero();
            long returned = System.currentTimeMillis();

            // no waiting: the command returns only once every gateway applies the weight
            for (URI gateway : gateways) {
                JsonNode route = JSON.readTree(kit.getAsAdmin(gateway.resolve("/admin/traffic")).body())
                        .path("routes").path(HELLO);
                assertThat(route.path("weight").asInt()).as(gateway.toString()).isEqualTo(10);
                assertThat(route.path("canary").asText()).isEqualTo("green");
            }
            // a figure for the record, not a bound: timings are judged by benchmarks, not by a test on a busy machine
            System.out.printf("Weight 10 %%: both gateways checked to apply it %d ms after the command returned%n",
                    System.currentTimeMillis() - returned);
        });

        // without the event's traffic, which would take turns of the gateways' weighted round-robin
        Map<String, Integer> versions = versions(2000, Map.of());
        double greenShare = versions.getOrDefault("green", 0) / 2000.0;
        System.out.printf("Weight 10 %%: green got %.1f %% of 2000 requests%n", greenShare * 100);
        assertThat(greenShare).isBetween(0.085, 0.115);
    }

    @Test
    @Order(4)
    void aPinnedRequestReachesBlueAtWeightHundred() throws Exception {
        assertThat(kit.cli("canary", HELLO, "--weight", "100").exit()).isZero();

        assertThat(versions(50, Map.of("X-Canary-Version", "blue"))).containsOnlyKeys("blue");
        assertThat(versions(50, Map.of())).containsOnlyKeys("green");

        assertThat(kit.cli("canary", HELLO, "--weight", "10").exit()).isZero();
    }

    @Test
    @Order(5)
    void badInputChangesNoWeight() throws Exception {
        assertOneLineError(kit.cli("canary", HELLO, "--weight", "150"), "weight 150 is outside 0-100");
        assertOneLineError(kit.cli("canary", HELLO, "--steps", "50,25"), "steps must go up: 50 then 25");
        assertOneLineError(kit.cli("canary", "nope", "--weight", "5"), "unknown app 'nope'");
        assertOneLineError(kit.cli("resume", HELLO), "no paused canary plan for helloworld-service");
        assertOneLineError(kit.cli("promote", "config-server"), "no canary in progress for config-server");
        assertOneLineError(kit.cli("rollback", "discovery-service"), "nothing to roll back to for discovery-service");
        assertOneLineError(kit.cli("deploy", HELLO, "--version", "blue2"), "a canary of helloworld-service is in progress");

        for (URI gateway : gatewayInstances()) {
            assertThat(JSON.readTree(kit.getAsAdmin(gateway.resolve("/admin/traffic")).body())
                    .path("routes").path(HELLO).path("weight").asInt()).isEqualTo(10);
        }
    }

    @Test
    @Order(6)
    void aManualPlanWaitsForResumeAndHoldsTheRolloutLock() throws Exception {
        SteadyTraffic traffic = new SteadyTraffic(kit.gateway("/hello/id"), 1);
        // a latency limit far off: this is about pausing and the lock, and green's JVM may still be warming up
        Kit.Running plan = kit.background("canary", HELLO, "--steps", "20,30", "--interval", "3s", "--manual",
                "--max-p99-ratio", "100");
        try {
            awaitTrue(Duration.ofSeconds(60), () -> plan.outputSoFar().contains("Paused at 20 %"));

            Kit.Result second = kit.cli("canary", HELLO, "--weight", "5");
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.output()).contains("a rollout of helloworld-service is in progress")
                    .contains("canary helloworld-service --steps [20, 30]");

            assertThat(kit.cli("resume", HELLO).exit()).isZero();
            assertThat(plan.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(plan.process().exitValue()).as(plan.outputSoFar()).isZero();
            assertThat(plan.outputSoFar()).contains("The plan is done: green takes 30 %");
        } finally {
            plan.process().destroy();
            traffic.close();
        }
        assertThat(traffic.failures()).isEmpty();
        assertThat(kit.cli("canary", HELLO, "--weight", "10").exit()).isZero();
    }

    @Test
    @Order(7)
    void aRestartedGatewayServesTheCurrentWeightsOnceHealthy() throws Exception {
        zeroDowntime(kit, "kill -9 of one of two gateways", () -> kit.killAndAwaitRestart("edge-gateway", 1));

        URI restarted = URI.create(kit.app("edge-gateway").path("instances").get(1).path("url").asText());
        JsonNode route = JSON.readTree(kit.getAsAdmin(restarted.resolve("/admin/traffic")).body())
                .path("routes").path(HELLO);
        assertThat(route.path("weight").asInt()).isEqualTo(10);
        assertThat(route.path("canary").asText()).isEqualTo("green");
    }

    @Test
    @Order(8)
    void statusAndHistoryTellWhatHappened() throws Exception {
        Kit.Result status = kit.cli("status", HELLO, "--json");
        assertThat(status.exit()).as(status.output()).isZero();
        JsonNode json = JSON.readTree(status.output());
        assertThat(json.path("rollout").path("canary").path("name").asText()).isEqualTo("green");
        assertThat(json.path("gateways")).hasSize(2);
        json.path("gateways").forEach(g -> assertThat(g.path("weight").asInt()).isEqualTo(10));

        Kit.Result history = kit.cli("history", HELLO);
        assertThat(history.exit()).isZero();
        List<String> lines = history.output().lines().toList();
        assertThat(lines.get(0)).contains("green at 10 % (was 30 %)");
        assertThat(history.output()).contains("green at 100 % (was 10 %)")
                .contains("green at 10 % (was 0 %) — first look at green")
                .contains("Deploy helloworld-service green beside blue with no traffic");
    }

    @Test
    @Order(9)
    void promoteUnderSteadyTrafficLosesNoRequest() throws Exception {
        zeroDowntime(kit, "promote", () -> {
            Kit.Result promote = kit.cli("promote", HELLO);
            assertThat(promote.exit()).as(promote.output()).isZero();
        });
        assertThat(versions(50, Map.of())).containsOnlyKeys("green");
        assertThat(kit.pids(HELLO)).isEmpty();
    }

    @Test
    @Order(10)
    void rollbackAfterPromoteUnderSteadyTrafficLosesNoRequest() throws Exception {
        zeroDowntime(kit, "rollback after promote", () -> {
            Kit.Result rollback = kit.cli("rollback", HELLO, "--reason", "e2e");
            assertThat(rollback.exit()).as(rollback.output()).isZero();
        });
        assertThat(versions(50, Map.of())).containsOnlyKeys("blue");
        assertThat(kit.pids(HELLO + "-green")).isEmpty();
    }

    @Test
    @Order(11)
    void aDeployWhoseSmokeTestFailsIsUndone() throws Exception {
        Kit.Result deploy = kit.cli("deploy", HELLO, "--version", "broken", "--smoke", "/bin/false");

        assertThat(deploy.exit()).as(deploy.output()).isEqualTo(1);
        assertThat(deploy.output()).contains("cf-deploy: smoke test /bin/false failed (exit 1)");
        // deleted, not only stopped: a failed version leaves nothing behind (--keep-failed would keep it stopped)
        assertThat(kit.cli("apps", "--json").output()).doesNotContain("\"" + HELLO + "-broken\"");
        assertThat(kit.cli("history", HELLO).output().lines().findFirst().orElseThrow())
                .contains("Undo the deploy of helloworld-service broken");
        assertThat(versions(50, Map.of("X-Canary-Version", "broken"))).containsOnlyKeys("blue");
    }

    /** Sends requests through the gateway and counts the answering version (X-App-Version). */
    private static Map<String, Integer> versions(int requests, Map<String, String> headers) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(kit.gateway("/hello/id"))
                    .timeout(Duration.ofSeconds(10));
            headers.forEach(request::header);
            HttpResponse<String> response = kit.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            counts.merge(response.headers().firstValue("X-App-Version").orElse("none"), 1, Integer::sum);
        }
        return counts;
    }

    private static List<URI> gatewayInstances() {
        List<URI> uris = new ArrayList<>();
        kit.app("edge-gateway").path("instances").forEach(i -> uris.add(URI.create(i.path("url").asText())));
        return uris;
    }

    private static void assertOneLineError(Kit.Result result, String message) {
        assertThat(result.exit()).as(result.output()).isNotZero();
        assertThat(result.output().strip()).startsWith("cf-deploy: ").contains(message).doesNotContain("\n");
    }

    private static void awaitTrue(Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(condition);
    }
}
