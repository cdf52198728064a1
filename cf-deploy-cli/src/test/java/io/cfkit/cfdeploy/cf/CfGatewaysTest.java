package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.Vars;
import io.cfkit.cfdeploy.traffic.GatewayFleet;
import io.cfkit.cfdeploy.traffic.KitCredentials;
import io.cfkit.cfdeploy.traffic.RolloutStatus;
import io.cfkit.traffic.MetricsReport;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.TrafficReport;
import io.cfkit.traffic.VersionStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateways on Cloud Foundry: listed from the stub Cloud Controller (the started edge-gateway app, its running
 * instances, its route; a switched gateway's versions are in CfRouteSwitchTest), reached through a stub of the
 * gateway's route that answers as the instance the router's {@code X-Cf-App-Instance} header names, as the Gorouter
 * sends it there.
 */
class CfGatewaysTest {

    static final String GATEWAY = "guid-gateway";
    static final String SERVICE = "helloworld-service";

    StubCloudController cc;
    CfConnection connection;
    GatewayRoute route = new GatewayRoute("admin", "a");
    StringWriter output = new StringWriter();

    @BeforeEach
    void aGatewayOfThreeInstancesTwoRunningBehindItsRoute() {
        cc = new StubCloudController();
        cc.app("edge-gateway", GATEWAY, 3, "unused");
        cc.stub(get(urlPathEqualTo("/v3/apps/" + GATEWAY + "/processes/web/stats")).atPriority(1)
                .willReturn(okJson(cc.stats(3, 2).toString())));
        // Its internal route first: cf-deploy cannot reach that one.
        ObjectNode routes = cc.doc("v3/apps/GET_routes.json");
        ObjectNode internal = ((ObjectNode) routes.path("resources").get(0)).deepCopy().put("url",
                "edge-gateway.apps.internal");
        ObjectNode external = ((ObjectNode) routes.path("resources").get(0)).deepCopy().put("url",
                route.route());
        cc.stub(get(urlPathEqualTo("/v3/apps/" + GATEWAY + "/routes")).atPriority(1)
                .willReturn(okJson(StubCloudController.onePage(routes, internal, external).toString())));
        connection = new CfConnection(new CfLogin(URI.create(cc.url()), cc.url() + "/uaa", "an-access-token",
                "a-refresh-token", null, null, "cf", "", false, StubCloudController.ORG, StubCloudController.SPACE));
        for (int index = 0; index < 2; index++) {
            instanceAnswers(index, "commit-of-instance-" + index);
        }
    }

    /** What the route answers when the router sends the request to instance {@code index}. */
    void instanceAnswers(int index, String configVersion) {
        String id = "edge-gateway:" + index;
        TrafficReport traffic = new TrafficReport(id, configVersion, new TreeMap<>(Map.of(SERVICE,
                TrafficReport.RouteReport.of(RoutePolicy.stableOnly(SERVICE, "blue").withCanary("green", 10 * index),
                        Map.of("blue", 2, "green", 1), List.of()))));
        MetricsReport metrics = new MetricsReport(id, 30, new TreeMap<>(Map.of(SERVICE, new TreeMap<>(Map.of(
                "blue", new VersionStats(90, 3, 0, 0, 0, 4, 8, 9, 900, 0),
                "green", new VersionStats(10, 0.3, 1, 0, 0.1, 5, 9, 20, 100, 1))))), null);
        route.instanceAnswers(GATEWAY, index, traffic, metrics);
    }

    @AfterEach
    void stop() {
        connection.close();
        cc.close();
        route.close();
    }

    GatewayFleet fleet() {
        CfPlatform platform = connection.platform(new PrintWriter(output, true), false, Vars.of(Map.of()),
                Duration.ofMillis(10), Duration.ofMillis(10));
        // The credentials of the admin endpoints; Eureka is not asked on Cloud Foundry.
        return new GatewayFleet(new KitCredentials("http://eureka.invalid/", "eureka", "e", "admin", "a"),
                new CfGateways(platform));
    }

    @Test
    void eachRunningInstanceIsReachedThroughTheRouteWithTheRoutersInstanceHeader() {
        List<GatewayFleet.Gateway> gateways = fleet().gateways();

        assertThat(gateways).containsExactly(
                new GatewayFleet.Gateway("edge-gateway/0", URI.create("http://" + route.route()),
                        Map.of("X-Cf-App-Instance", GATEWAY + ":0")),
                new GatewayFleet.Gateway("edge-gateway/1", URI.create("http://" + route.route()),
                        Map.of("X-Cf-App-Instance", GATEWAY + ":1")));
        assertThat(cc.calls()).containsExactly(CfCommandTest.ORG_CALL, CfCommandTest.SPACE_CALL,
                CfCommandTest.APPS_CALL, "GET /v3/apps/" + GATEWAY + "/routes?page=1",
                "GET /v3/apps/" + GATEWAY + "/processes/web/stats");
    }

    @Test
    void convergingRefreshesEveryInstanceAndReadsWhatEachApplies() {
        instanceAnswers(1, "ours");
        instanceAnswers(0, "ours");

        fleet().converge("ours", (reported, ours) -> reported.equals(ours), Duration.ofSeconds(10),
                new PrintWriter(output, true));

        assertThat(route.requests(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/admin/refresh"))).stream().map(r -> r.getHeader(CfGateways.INSTANCE_HEADER)))
                .containsExactlyInAnyOrder(GATEWAY + ":0", GATEWAY + ":1");
        assertThat(output.toString()).contains("edge-gateway/0 applies ours", "edge-gateway/1 applies ours");
    }

    @Test
    void theStatusShowsEachInstanceAsItAnswers() {
        RolloutStatus status = RolloutStatus.of(SERVICE, null, fleet());

        assertThat(status.gateways()).extracting(RolloutStatus.GatewayView::id, RolloutStatus.GatewayView::configVersion,
                RolloutStatus.GatewayView::weight).containsExactly(
                org.assertj.core.groups.Tuple.tuple("edge-gateway/0", "commit-of-instance-0", 0),
                org.assertj.core.groups.Tuple.tuple("edge-gateway/1", "commit-of-instance-1", 10));
        assertThat(status.versions().get("green").rps()).isEqualTo(0.6);
        for (LoggedRequest request : route.requests(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()))) {
            assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString("admin:a".getBytes(StandardCharsets.UTF_8)));
            assertThat(request.getHeader(CfGateways.INSTANCE_HEADER)).matches(GATEWAY + ":[01]");
        }
    }

    @Test
    void aGatewayWithOnlyAnInternalRouteIsOneLineSayingToMapOne() {
        ObjectNode routes = cc.doc("v3/apps/GET_routes.json");
        ObjectNode internal = ((ObjectNode) routes.path("resources").get(0)).put("url", "edge-gateway.apps.internal");
        cc.stub(get(urlPathEqualTo("/v3/apps/" + GATEWAY + "/routes")).atPriority(0)
                .willReturn(okJson(StubCloudController.onePage(routes, internal).toString())));

        assertThatThrownBy(() -> fleet().gateways()).isInstanceOf(UserError.class).hasMessage("edge-gateway has no"
                + " route outside the container network, so cf-deploy cannot reach its instances: map one"
                + " (cf map-route edge-gateway DOMAIN --hostname HOST)");
    }

    @Test
    void aGatewayWithNoRunningInstanceIsOneLine() {
        cc.stub(get(urlPathEqualTo("/v3/apps/" + GATEWAY + "/processes/web/stats")).atPriority(0)
                .willReturn(okJson(cc.stats(1, 0).toString())));

        assertThatThrownBy(() -> fleet().gateways()).isInstanceOf(UserError.class).hasMessage("no edge-gateway"
                + " instance runs: see cf-deploy apps --target cf (cf-deploy push edge-gateway --target cf starts it)");
    }
}
