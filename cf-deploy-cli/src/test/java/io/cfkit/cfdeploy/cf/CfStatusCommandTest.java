package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.cfkit.cfdeploy.configrepo.BareRemote;
import io.cfkit.cfdeploy.configrepo.ConfigRepoClone;
import io.cfkit.cfdeploy.configrepo.SharedRolloutStore;
import io.cfkit.cfdeploy.traffic.Rollout;
import io.cfkit.cfdeploy.traffic.Rollout.Version;
import io.cfkit.traffic.MetricsReport;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.TrafficReport;
import io.cfkit.traffic.VersionStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cf-deploy status with --target cf, as a user runs it: the apps and the gateway's route from the stub Cloud
 * Controller, the rollout from the config repository (a bare one on disk), and each gateway instance reached through
 * that route with the router's {@code X-Cf-App-Instance} header. Behind the route, a local HTTP server plays each
 * instance's admin endpoints, answering with the traffic contract's own records.
 */
class CfStatusCommandTest extends CfCommandTest {

    private static final String GATEWAY = "guid-gateway";
    private static final String HELLO = "helloworld-service";
    private static final String NEW_COMMIT = "4f1d2c3b4a59687766554433221100ffeeddccbb";
    private static final String OLD_COMMIT = "9e8d7c6b5a49382716059483726150a9b8c7d6e5";

    private final GatewayRoute route = new GatewayRoute("admin", "s3cr3t-pa55");

    @BeforeEach
    void aCanaryOfHelloBehindAGatewayOfTwoInstances() throws Exception {
        BareRemote configRepo = BareRemote.create(dir, BareRemote.GATEWAY_CONFIG);
        env.put("CONFIG_REPO_URI", configRepo.uri());
        env.put("CF_DEPLOY_STATE_DIR", dir.resolve("state").toString());
        new SharedRolloutStore(ConfigRepoClone.in(dir.resolve("other-machine"), configRepo.source()), false,
                new PrintWriter(new StringWriter())).save(new Rollout(HELLO, new Version("blue", HELLO, 2),
                        new Version("green", HELLO + "-green", 2), null, null));

        cc.app(HELLO, "guid-hello", 2, HELLO + ".apps.internal");
        environment("guid-hello", Map.of("APP_VERSION", "blue"));
        // The gateway's route is where the test's server listens; the admin credentials are in the app's environment.
        cc.app("edge-gateway", GATEWAY, 2, route.route());
        environment(GATEWAY, Map.of("EUREKA_URL", "http://eureka.invalid/eureka/", "EUREKA_USERNAME", "eureka",
                "EUREKA_PASSWORD", "e", "ADMIN_USERNAME", "admin", "ADMIN_PASSWORD", "s3cr3t-pa55"));

        // Instance 0 applies the canary's 10 %, instance 1 has not loaded that commit yet.
        instanceAnswers(0, NEW_COMMIT, 10, new VersionStats(90, 3, 1, 0, 0.011, 4, 8, 12, 900, 1),
                new VersionStats(10, 0.5, 0, 0, 0, 5, 9, 20, 100, 0));
        instanceAnswers(1, OLD_COMMIT, 0, new VersionStats(100, 2, 0, 0, 0, 4, 7, 9, 1000, 0), null);
    }

    @AfterEach
    void stopRoute() {
        route.close();
    }

    @Test
    void statusShowsTheRolloutTheWeightEachGatewayAppliesAndTheFleetsFigures() throws Exception {
        CfDeployProcess.Result result = cfDeploy("status", HELLO);

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines().map(String::stripTrailing).toList()).containsExactly(
                "helloworld-service",
                "  stable:  blue (app helloworld-service)",
                "  canary:  green (app helloworld-service-green)",
                "  gateways:",
                "    edge-gateway/0           config 4f1d2c3  blue 90 %, green 10 %",
                "    edge-gateway/1           config 9e8d7c6  blue 100 %",
                "  version           rps   errors error rate      p99",
                "  blue              5.0        1       0.5%     12ms",
                "  green             0.5        0       0.0%     20ms");
        assertThat(changes()).isEmpty();
    }

    @Test
    void aLocalKitsCredentialsInTheShellAreNotSentToTheFoundationsGateways() throws Exception {
        // What `source .cf-deploy/credentials.env` from the README's local walk-through leaves in a shell.
        env.putAll(Map.of("ADMIN_USERNAME", "admin", "ADMIN_PASSWORD", "local-kit-password",
                "EUREKA_URL", "http://127.0.0.1:8761/eureka/", "EUREKA_PASSWORD", "local-eureka-password"));

        CfDeployProcess.Result result = cfDeploy("status", HELLO);

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("edge-gateway/0           config 4f1d2c3  blue 90 %, green 10 %");
        String localKit = "Basic " + Base64.getEncoder().encodeToString(
                "admin:local-kit-password".getBytes(StandardCharsets.UTF_8));
        assertThat(route.requests(RequestPatternBuilder.allRequests())).isNotEmpty()
                .noneMatch(request -> localKit.equals(request.getHeader("Authorization")));
    }

    @Test
    void statusJsonGivesTheWeightsEachGatewayApplies() throws Exception {
        CfDeployProcess.Result result = cfDeploy("status", HELLO, "--json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode status = new ObjectMapper().readTree(result.out());
        assertThat(status.path("service").asText()).isEqualTo(HELLO);
        assertThat(status.path("rollout").path("canary").path("app").asText()).isEqualTo(HELLO + "-green");
        List<JsonNode> gateways = new ArrayList<>();
        status.path("gateways").forEach(gateways::add);
        assertThat(gateways).extracting(g -> g.path("id").asText(), g -> g.path("configVersion").asText(),
                g -> g.path("stable").asText(), g -> g.path("canary").asText(null), g -> g.path("weight").asInt())
                .containsExactly(tuple("edge-gateway/0", NEW_COMMIT, "blue", "green", 10),
                        tuple("edge-gateway/1", OLD_COMMIT, "blue", null, 0));
        assertThat(status.path("versions").path("blue").path("requests").asLong()).isEqualTo(190);
        assertThat(status.path("versions").path("green").path("p99").asDouble()).isEqualTo(20);
        assertThat(changes()).isEmpty();
    }

    /**
     * What the route answers when the router sends a request to gateway instance {@code index}: its
     * {@code /admin/traffic} and {@code /admin/metrics}, behind the admin credentials.
     */
    private void instanceAnswers(int index, String commit, int canaryWeight, VersionStats blue, VersionStats green) {
        String id = "edge-gateway:" + index;
        RoutePolicy policy = canaryWeight > 0 ? RoutePolicy.stableOnly(HELLO, "blue").withCanary("green", canaryWeight)
                : RoutePolicy.stableOnly(HELLO, "blue");
        TrafficReport traffic = new TrafficReport(id, commit, new TreeMap<>(Map.of(HELLO,
                TrafficReport.RouteReport.of(policy, Map.of("blue", 2, "green", 2), List.of()))));
        Map<String, VersionStats> byVersion = new TreeMap<>(Map.of("blue", blue));
        if (green != null) {
            byVersion.put("green", green);
        }
        MetricsReport metrics = new MetricsReport(id, 30, new TreeMap<>(Map.of(HELLO, new TreeMap<>(byVersion))),
                null);
        route.instanceAnswers(GATEWAY, index, traffic, metrics);
    }

    /** The app's environment variables, as the Cloud Controller documents their answer. */
    private void environment(String appGuid, Map<String, String> vars) {
        ObjectNode env = cc.doc("v3/apps/GET_environment_variables.json");
        ObjectNode var = env.putObject("var");
        vars.forEach(var::put);
        cc.stub(get(urlPathEqualTo("/v3/apps/" + appGuid + "/environment_variables")).willReturn(okJson(env.toString())));
    }
}
