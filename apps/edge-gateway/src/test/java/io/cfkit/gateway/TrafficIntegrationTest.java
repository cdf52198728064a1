package io.cfkit.gateway;

import static io.cfkit.gateway.support.GatewayUnderTest.freePort;
import static io.cfkit.gateway.support.GatewayUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfkit.gateway.support.Backend;
import io.cfkit.gateway.support.ConfigServerStub;
import io.cfkit.gateway.support.EurekaStub;
import io.cfkit.gateway.support.GatewayUnderTest;
import io.cfkit.gateway.support.Promtool;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Canary routing end to end: the gateway in-process against stubs of the config server (the policy in
 * {@code edge-gateway-traffic.yml}) and Eureka, with backends registered with metadata {@code version} blue or green.
 * One gateway for the class (archaius and Eureka's DiscoveryManager are JVM-wide); the tests run in order because
 * several change the policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class TrafficIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HELLO = "helloworld-service";

    private final GatewayUnderTest gateway = new GatewayUnderTest();
    private ConfigServerStub config;
    private EurekaStub eureka;
    private int commit;

    @BeforeAll
    void startEverything() throws Exception {
        config = gateway.track(ConfigServerStub.start(
                "edge-gateway", GatewayUnderTest.CONFIG_USERNAME, GatewayUnderTest.CONFIG_PASSWORD));
        eureka = gateway.track(EurekaStub.start("eureka", "eureka-pw"));

        register(HELLO, Backend.start("blue-1"), "blue");
        register(HELLO, Backend.start("blue-2"), "blue");
        register(HELLO, Backend.start("green-1"), "green");
        route("hello", "/hello/**", HELLO);
        policy(HELLO, "blue", "green", 10);

        register("nogreen-service", Backend.start("ng-blue-1"), "blue");
        route("nogreen", "/nogreen/**", "nogreen-service");
        policy("nogreen-service", "blue", "green", 50);

        // Blue answers after 5 ms, so its latency percentiles have a floor to check.
        register("flaky-service", Backend.startSlow("fl-blue-1", 5), "blue");
        register("flaky-service", Backend.startFailing("fl-green-1", 500), "green");
        route("flaky", "/flaky/**", "flaky-service");
        policy("flaky-service", "blue", "green", 50);

        register("dead-service", Backend.start("dd-blue-1"), "blue");
        eureka.register("dead-service", "dead-service:dead", freePort(), Map.of("version", "blue"));
        route("dead", "/dead/**", "dead-service");
        config.putTraffic("traffic.routes.dead-service.stable", "blue");

        register("plain-service", Backend.start("pl-blue"), "blue");
        register("plain-service", Backend.start("pl-green"), "green");
        register("plain-service", Backend.start("pl-none"), null);
        route("plain", "/plain/**", "plain-service");

        config.putTraffic("traffic.metrics.window-seconds", "120")
                .put("server.outofservice.close.timeout", "1")
                .putShared("eureka.client.registry-fetch-interval-seconds", "1")
                .putShared("eureka.instance.lease-renewal-interval-in-seconds", "1")
                .version(nextCommit());

        gateway.start(config.url(), eureka.url(), "eureka", "eureka-pw");
    }

    @AfterAll
    void stopEverything() {
        gateway.close();
    }

    @Test
    @Order(1)
    void theGatewayStartsWithThePolicyInForce() throws Exception {
        // No refresh asked for: the policy was loaded before the listener opened.
        JsonNode traffic = gateway.adminJson("/admin/traffic");

        assertThat(traffic.path("instance").asText()).isEqualTo("edge-gateway:" + gateway.port());
        assertThat(traffic.path("configVersion").asText()).isEqualTo(currentCommit());
        assertThat(traffic.path("routes").path(HELLO)).isEqualTo(JSON.readTree("""
                {"stable":"blue","canary":"green","weight":10,
                 "versions":{"blue":{"up":2},"green":{"up":1}},"withoutInstances":[]}"""));
    }

    @Test
    @Order(2)
    void aTenPercentCanaryGetsTenPercentOfAThousandRequests() throws Exception {
        Map<String, Integer> byInstance = countByInstance("/hello/x", 1000, Map.of());

        int green = byInstance.getOrDefault("green-1", 0);
        System.out.println("Weight 10 over 1000 requests: " + byInstance);
        assertThat(green).isBetween(90, 110);
        assertThat(byInstance.get("blue-1") + byInstance.get("blue-2")).isEqualTo(1000 - green);
        // Round-robin within the version (not strictly alternating: Eureka reshuffles the list on each fetch).
        assertThat(byInstance.get("blue-1")).isBetween(400, 500);
    }

    @Test
    @Order(3)
    void pinsBeatTheWeights() throws Exception {
        applyPolicy(HELLO, "blue", "green", 0);
        assertThat(versionsOf("/hello/p", 30, Map.of("X-Canary-Version", "green"))).containsOnly("green");
        assertThat(versionsOf("/hello/p", 30, Map.of("Cookie", "a=b; canary-version=green"))).containsOnly("green");
        assertThat(versionsOf("/hello/p", 30, Map.of())).containsOnly("blue");

        applyPolicy(HELLO, "blue", "green", 100);
        assertThat(versionsOf("/hello/p", 30, Map.of("X-Canary-Version", "blue"))).containsOnly("blue");
        assertThat(versionsOf("/hello/p", 30, Map.of("Cookie", "canary-version=blue"))).containsOnly("blue");
        assertThat(versionsOf("/hello/p", 30, Map.of())).containsOnly("green");
        // A version outside the policy pins nothing.
        assertThat(versionsOf("/hello/p", 10, Map.of("X-Canary-Version", "red"))).containsOnly("green");
    }

    @Test
    @Order(4)
    void aStickyUserKeepsItsVersion() throws Exception {
        applyPolicy(HELLO, "blue", "green", 50);
        // Buckets worked out apart from the Java code (the Python hash in StickyBucketTest): user-0 77, user-1 16,
        // user-2 5, user-3 60, user-4 54, user-5 69; below the weight of 50 is green.
        Map<String, String> expected = Map.of("user-0", "blue", "user-1", "green", "user-2", "green",
                "user-3", "blue", "user-4", "blue", "user-5", "blue");
        for (Map.Entry<String, String> user : expected.entrySet()) {
            List<String> versions = versionsOf("/hello/s", 50, Map.of("X-User-Id", user.getKey()));
            assertThat(new HashSet<>(versions)).as(user.getKey()).containsExactly(user.getValue());
        }
        List<String> byCookie = versionsOf("/hello/s", 20, Map.of("Cookie", "SESSION=user-3"));
        assertThat(new HashSet<>(byCookie)).containsExactly("blue");
    }

    @Test
    @Order(5)
    void aVersionWithoutInstanceGetsNoTrafficAndIsListed() throws Exception {
        Map<String, Integer> byInstance = countByInstance("/nogreen/x", 100, Map.of());
        assertThat(byInstance).isEqualTo(Map.of("ng-blue-1", 100));

        JsonNode route = gateway.adminJson("/admin/traffic").path("routes").path("nogreen-service");
        assertThat(route).isEqualTo(JSON.readTree("""
                {"stable":"blue","canary":"green","weight":50,
                 "versions":{"blue":{"up":1},"green":{"up":0}},"withoutInstances":["green"]}"""));

        HttpResponse<String> pinned = gateway.get("/nogreen/x", Map.of("X-Canary-Version", "green"));
        assertThat(pinned.statusCode()).isEqualTo(503);
        assertThat(json(pinned)).isEqualTo(JSON.readTree("""
                {"status":503,"error":"no instance of nogreen-service version green is up","path":"/nogreen/x"}"""));
    }

    @Test
    @Order(6)
    void aPolicyChangeAppliesOnRefreshAndReportsTheNewConfigVersion() throws Exception {
        String commit = putPolicy(HELLO, "blue", "green", 25);

        HttpResponse<String> refresh = gateway.adminPost("/admin/refresh");

        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(json(refresh).path("configVersion").asText()).isEqualTo(commit);
        JsonNode traffic = gateway.adminJson("/admin/traffic");
        assertThat(traffic.path("configVersion").asText()).isEqualTo(commit);
        assertThat(traffic.path("routes").path(HELLO).path("weight").asInt()).isEqualTo(25);
        // The rotation restarted with the new weights: any 100 requests now hold exactly 25 for green.
        assertThat(countByInstance("/hello/w", 100, Map.of()).getOrDefault("green-1", 0)).isEqualTo(25);
    }

    @Test
    @Order(7)
    void metricsCountAFailingGreenApartFromBlue() throws Exception {
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < 100; i++) {
            statuses.merge(gateway.get("/flaky/m", Map.of()).statusCode(), 1, Integer::sum);
        }
        assertThat(statuses).isEqualTo(Map.of(200, 50, 500, 50));

        JsonNode metrics = gateway.adminJson("/admin/metrics");
        assertThat(metrics.path("instance").asText()).isEqualTo("edge-gateway:" + gateway.port());
        assertThat(metrics.path("windowSeconds").asInt()).isEqualTo(120);
        JsonNode blue = metrics.path("routes").path("flaky-service").path("blue");
        JsonNode green = metrics.path("routes").path("flaky-service").path("green");
        assertThat(fieldNames(blue)).containsExactly("requests", "rps", "errors", "connectFailures", "errorRate",
                "p50", "p95", "p99", "totalRequests", "totalErrors");
        assertThat(green.path("requests").asLong()).isEqualTo(50);
        assertThat(green.path("errors").asLong()).isEqualTo(50);
        assertThat(green.path("errorRate").asDouble()).isEqualTo(1.0);
        assertThat(green.path("totalErrors").asLong()).isEqualTo(50);
        assertThat(blue.path("requests").asLong()).isEqualTo(50);
        assertThat(blue.path("errors").asLong()).isZero();
        assertThat(blue.path("errorRate").asDouble()).isZero();
        assertThat(blue.path("totalRequests").asLong()).isEqualTo(50);
        assertThat(blue.path("rps").asDouble()).isPositive();
        double p50 = blue.path("p50").asDouble();
        double p95 = blue.path("p95").asDouble();
        double p99 = blue.path("p99").asDouble();
        System.out.println("flaky-service blue latency ms: p50 " + p50 + ", p95 " + p95 + ", p99 " + p99);
        assertThat(p50).as("blue answers after 5 ms").isGreaterThanOrEqualTo(5.0);
        assertThat(p95).isGreaterThanOrEqualTo(p50);
        assertThat(p99).isGreaterThanOrEqualTo(p95).isLessThan(2000.0);
        assertThat(green.path("p99").asDouble()).isPositive().isLessThan(2000.0);
    }

    @Test
    @Order(8)
    void prometheusCountsWhatTheJsonCountsAndPromtoolAcceptsIt() throws Exception {
        long greenErrorsBefore = gateway.adminJson("/admin/metrics").path("routes").path("flaky-service")
                .path("green").path("totalErrors").asLong();
        for (int i = 0; i < 10; i++) {
            gateway.get("/flaky/p", Map.of());
        }
        JsonNode flaky = gateway.adminJson("/admin/metrics").path("routes").path("flaky-service");
        // At 50 %, any two requests in a row send one to green, which answers 500.
        assertThat(flaky.path("green").path("totalErrors").asLong() - greenErrorsBefore).isEqualTo(5);

        HttpResponse<String> response = gateway.adminGet("/admin/metrics/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        String text = response.body();
        for (String version : List.of("blue", "green")) {
            String labels = "{route=\"flaky-service\",version=\"" + version + "\"}";
            JsonNode json = flaky.path(version);
            assertThat(text)
                    .contains("gateway_requests_total" + labels + " " + json.path("totalRequests").asLong() + ".0\n")
                    .contains("gateway_request_errors_total" + labels + " " + json.path("totalErrors").asLong() + ".0\n")
                    .contains("gateway_request_duration_seconds_count" + labels + " "
                            + json.path("totalRequests").asLong() + "\n");
        }
        assertThat(text).contains("gateway_canary_weight{route=\"flaky-service\"} 50.0\n");
        Promtool.assertAccepts(text);
    }

    @Test
    @Order(9)
    void connectFailuresAreCountedForTheVersionOfTheRefusingInstance() throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = gateway.get("/dead/" + i, Map.of());
            assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("dd-blue-1 /" + i);
        }

        JsonNode blue = gateway.adminJson("/admin/metrics").path("routes").path("dead-service").path("blue");
        assertThat(blue.path("requests").asLong()).isEqualTo(10);
        assertThat(blue.path("errors").asLong()).isZero();
        assertThat(blue.path("connectFailures").asLong()).isPositive();
    }

    @Test
    @Order(10)
    void aServiceWithoutPolicyIsServedByAllItsInstancesAsBefore() throws Exception {
        Map<String, Integer> byInstance = countByInstance("/plain/x", 30, Map.of("X-Canary-Version", "green"));

        // Round-robin over all three whatever their version, the pin ignored (not an exact 10 each: Eureka
        // reshuffles the list on every fetch).
        assertThat(byInstance).containsOnlyKeys("pl-blue", "pl-green", "pl-none");
        byInstance.values().forEach(n -> assertThat(n).isBetween(5, 15));
        assertThat(gateway.adminJson("/admin/traffic").path("routes").path("plain-service")).isEqualTo(JSON.readTree("""
                {"stable":null,"canary":null,"weight":0,
                 "versions":{"blue":{"up":1},"green":{"up":1},"unknown":{"up":1}},"withoutInstances":[]}"""));
        JsonNode metrics = gateway.adminJson("/admin/metrics").path("routes").path("plain-service");
        assertThat(fieldNames(metrics)).containsExactly("blue", "green", "unknown");
        assertThat(metrics.path("blue").path("requests").asInt()).isEqualTo(byInstance.get("pl-blue"));
        assertThat(metrics.path("green").path("requests").asInt()).isEqualTo(byInstance.get("pl-green"));
        assertThat(metrics.path("unknown").path("requests").asInt()).isEqualTo(byInstance.get("pl-none"));
    }

    @Test
    @Order(11)
    void weightedMetricsFollowTheVersionThatAnswered() throws Exception {
        applyPolicy(HELLO, "blue", "green", 20);
        JsonNode before = gateway.adminJson("/admin/metrics").path("routes").path(HELLO);

        // Any 100 picks in a row of the rotation hold exactly 20 for green, wherever it stood.
        Map<String, Integer> byInstance = countByInstance("/hello/m", 100, Map.of());

        assertThat(byInstance.get("green-1")).isEqualTo(20);
        JsonNode after = gateway.adminJson("/admin/metrics").path("routes").path(HELLO);
        assertThat(totalRequests(after, "green") - totalRequests(before, "green")).isEqualTo(20);
        assertThat(totalRequests(after, "blue") - totalRequests(before, "blue")).isEqualTo(80);
        assertThat(after.path("green").path("totalErrors").asLong())
                .isEqualTo(before.path("green").path("totalErrors").asLong());
    }

    private static long totalRequests(JsonNode route, String version) {
        return route.path(version).path("totalRequests").asLong();
    }

    @Test
    @Order(12)
    void trafficAndMetricsNeedTheAdminCredentials() throws Exception {
        for (String path : List.of("/admin/traffic", "/admin/metrics", "/admin/metrics/prometheus")) {
            assertThat(gateway.get(path, Map.of()).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    @Order(13)
    void aVersionThatLeavesAndComesBackLosesAndRegainsItsShareWithoutErrors() throws Exception {
        register("late-service", Backend.start("lt-blue-1"), "blue");
        route("late", "/late/**", "late-service");
        applyPolicy("late-service", "blue", "green", 50);
        // The gateway's Eureka client fetches every second; until then the service has no instance here.
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.adminJson("/admin/traffic").path("routes")
                .path("late-service").path("versions").path("blue").path("up").asInt() == 1);
        assertThat(countByInstance("/late/x", 20, Map.of())).isEqualTo(Map.of("lt-blue-1", 20));

        // Every request below must succeed: a version is only chosen once its client can reach an instance.
        Backend green1 = gateway.track(Backend.start("lt-green-1"));
        eureka.register("late-service", "late-service:lt-green-1", green1.port(), Map.of("version", "green"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> countByInstance("/late/x", 10, Map.of()).containsKey("lt-green-1"));

        // Leaves Eureka but keeps serving for a while, as helloworld-service does on shutdown.
        eureka.cancel("late-service", "late-service:lt-green-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            countByInstance("/late/x", 10, Map.of());
            return gateway.adminJson("/admin/traffic").path("routes").path("late-service")
                    .path("withoutInstances").toString().equals("[\"green\"]");
        });
        assertThat(countByInstance("/late/x", 20, Map.of())).isEqualTo(Map.of("lt-blue-1", 20));

        Backend green2 = gateway.track(Backend.start("lt-green-2"));
        eureka.register("late-service", "late-service:lt-green-2", green2.port(), Map.of("version", "green"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> countByInstance("/late/x", 10, Map.of()).containsKey("lt-green-2"));
        assertThat(countByInstance("/late/x", 100, Map.of())).isEqualTo(Map.of("lt-blue-1", 50, "lt-green-2", 50));
    }

    @Test
    @Order(14)
    void aBackendsOwnErrorReachesTheClientAsTheBackendSentIt() throws Exception {
        // The gateway writes a JSON body only on answers it makes up; a backend's error page is its own business.
        HttpResponse<String> response = gateway.get("/flaky/own", Map.of("X-Canary-Version", "green"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("fl-green-1 /own");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
    }

    // --- helpers ---

    private void register(String service, Backend backend, String version) {
        gateway.track(backend);
        eureka.register(service, service + ":" + backend.name(), backend.port(),
                version == null ? Map.of() : Map.of("version", version));
    }

    private void route(String name, String path, String service) {
        config.put("zuul.routes." + name + ".path", path).put("zuul.routes." + name + ".service-id", service);
    }

    private void policy(String service, String stable, String canary, int weight) {
        config.putTraffic("traffic.routes." + service + ".stable", stable)
                .putTraffic("traffic.routes." + service + ".canary", canary)
                .putTraffic("traffic.routes." + service + ".weight", Integer.toString(weight));
    }

    /** Writes the policy as a new commit; returns the commit id. */
    private String putPolicy(String service, String stable, String canary, int weight) {
        policy(service, stable, canary, weight);
        String commit = nextCommit();
        config.version(commit);
        return commit;
    }

    /** As cf-deploy does it: commit, POST /admin/refresh, then check that the gateway reports the commit. */
    private void applyPolicy(String service, String stable, String canary, int weight) throws Exception {
        String commit = putPolicy(service, stable, canary, weight);
        HttpResponse<String> refresh = gateway.adminPost("/admin/refresh");
        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(gateway.adminJson("/admin/traffic").path("configVersion").asText()).isEqualTo(commit);
    }

    private String nextCommit() {
        commit++;
        return currentCommit();
    }

    private String currentCommit() {
        return String.format("%040x", commit);
    }

    private Map<String, Integer> countByInstance(String path, int requests, Map<String, String> headers)
            throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = gateway.get(path, headers);
            assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(200);
            counts.merge(response.body().split(" ")[0], 1, Integer::sum);
        }
        return counts;
    }

    /** The version of the instance that answered each request: the instance name up to its '-'. */
    private List<String> versionsOf(String path, int requests, Map<String, String> headers) throws Exception {
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = gateway.get(path, headers);
            assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(200);
            versions.add(response.body().substring(0, response.body().indexOf('-')));
        }
        return versions;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
