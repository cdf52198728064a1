package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.cfkit.cfdeploy.cf.CfCommandTest.ORG_CALL;
import static io.cfkit.cfdeploy.cf.CfCommandTest.SPACE_CALL;
import static io.cfkit.cfdeploy.cf.CfCommandTest.appByName;
import static io.cfkit.cfdeploy.cf.StubCloudController.DELETE_JOB;
import static io.cfkit.cfdeploy.cf.StubCloudController.ORG_GUID;
import static io.cfkit.cfdeploy.cf.StubCloudController.SPACE_GUID;
import static io.cfkit.cfdeploy.cf.StubCloudController.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.Vars;
import io.cfkit.cfdeploy.platform.SmokeTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a rollout asks of the Cloud Foundry platform, call by call, against the stub Cloud Controller. */
class CfRolloutOperationsTest {

    static final String APP = "guid-hello-green";
    static final String DOMAIN = "apps.example.com";
    static final String DOMAIN_GUID = "3a5d3d89-3f89-4f05-8188-8a2b298c79d5";
    static final String ROUTE = "cbad697f-cac1-48f4-9017-ac08f39dfb31";
    static final String DESTINATION = "385bf117-17f5-4689-8c5c-08c6cc821fed";
    static final String EXPIRED = "an-access-token";
    static final String REFRESHED = "a-refreshed-access-token";

    StubCloudController cc;
    CfConnection connection;
    StringWriter printed = new StringWriter();

    @BeforeEach
    void aGreenVersionBesideTheLiveApp() {
        cc = new StubCloudController();
        cc.app("helloworld-service", "guid-hello", 2, "hello.apps.example.com");
        cc.app("helloworld-service-green", APP, 2, "hello.apps.example.com");
        cc.startsAndStops("helloworld-service-green", APP);
        cc.domain(DOMAIN, DOMAIN_GUID);
        connection = new CfConnection(new CfLogin(URI.create(cc.url()), cc.url() + "/uaa", EXPIRED,
                "a-refresh-token", null, null, "cf", "", false, StubCloudController.ORG, StubCloudController.SPACE));
    }

    @AfterEach
    void close() {
        connection.close();
        cc.close();
    }

    CfPlatform platform(boolean dryRun) {
        return connection.platform(new PrintWriter(printed, true), dryRun, Vars.of(Map.of()), Duration.ofMillis(10),
                Duration.ofMillis(10));
    }

    @Test
    void startAsksForTheStartAndReturnsOnceTheInstancesRun() {
        cc.stub(get(urlPathEqualTo("/v3/apps/" + APP + "/processes/web/stats")).atPriority(1).inScenario("start")
                .whenScenarioStateIs(STARTED).willSetStateTo("running")
                .willReturn(okJson(cc.stats(2, 0).toString())));
        cc.stub(get(urlPathEqualTo("/v3/apps/" + APP + "/processes/web/stats")).atPriority(1).inScenario("start")
                .whenScenarioStateIs("running").willReturn(okJson(cc.stats(2, 2).toString())));

        platform(false).start("helloworld-service-green");

        assertThat(cc.calls()).containsExactly(ORG_CALL, SPACE_CALL, appByName("helloworld-service-green"),
                "POST /v3/apps/" + APP + "/actions/start", "GET /v3/apps/" + APP + "/processes/web",
                "GET /v3/apps/" + APP + "/processes/web/stats", "GET /v3/apps/" + APP + "/processes/web/stats");
    }

    @Test
    void stopKeepsTheApp() {
        platform(false).stop("helloworld-service-green");

        assertThat(cc.calls()).containsExactly(ORG_CALL, SPACE_CALL, appByName("helloworld-service-green"),
                "POST /v3/apps/" + APP + "/actions/stop");
    }

    @Test
    void stopIsRetriedOnAServerErrorBecauseStoppingTwiceIsStoppingOnce() {
        cc.stub(post(urlPathEqualTo("/v3/apps/" + APP + "/actions/stop")).atPriority(1).inScenario("stop")
                .whenScenarioStateIs(STARTED).willSetStateTo("recovered").willReturn(aResponse().withStatus(503)));

        platform(false).stop("helloworld-service-green");

        assertThat(changes()).containsExactly("POST /v3/apps/" + APP + "/actions/stop",
                "POST /v3/apps/" + APP + "/actions/stop");
    }

    @Test
    void deleteWaitsForTheDeletionJob() {
        cc.deletes("/v3/apps/" + APP);

        platform(false).delete("helloworld-service-green");

        assertThat(cc.calls()).containsExactly(ORG_CALL, SPACE_CALL, appByName("helloworld-service-green"),
                "DELETE /v3/apps/" + APP, "GET /v3/jobs/" + DELETE_JOB);
    }

    @Test
    void deletingAnAppTheSpaceDoesNotHaveIsNotAnError() {
        platform(false).delete("helloworld-service-blue");

        assertThat(cc.calls()).containsExactly(ORG_CALL, SPACE_CALL, appByName("helloworld-service-blue"));
    }

    @Test
    void theSmokeTargetIsARouteOfItsOwnOnTheDefaultDomainDeletedOnClose() {
        cc.routeCreated(ROUTE, "ignored", DOMAIN, "");
        cc.deletes("/v3/routes/" + ROUTE);

        List<URI> urls;
        try (SmokeTarget target = platform(false).openSmokeTarget("helloworld-service-green")) {
            urls = target.urls();
            assertThat(changes()).doesNotContain("DELETE /v3/routes/" + ROUTE);
        }

        assertThat(urls).hasSize(1);
        assertThat(urls.get(0).toString()).matches("https://helloworld-service-green-smoke-[a-z0-9]{6}\\."
                + DOMAIN.replace(".", "\\."));
        assertThat(cc.calls()).containsExactly(ORG_CALL, SPACE_CALL, appByName("helloworld-service-green"),
                "GET /v3/organizations/" + ORG_GUID + "/domains/default", "POST /v3/routes",
                "POST /v3/routes/" + ROUTE + "/destinations", "DELETE /v3/routes/" + ROUTE,
                "GET /v3/jobs/" + DELETE_JOB);
        JsonNode created = json(request("POST /v3/routes").getBodyAsString());
        assertThat(created.path("host").asText()).isEqualTo(urls.get(0).getHost().replace("." + DOMAIN, ""));
        assertThat(created.path("relationships").path("space").path("data").path("guid").asText())
                .isEqualTo(SPACE_GUID);
        assertThat(created.path("relationships").path("domain").path("data").path("guid").asText())
                .isEqualTo(DOMAIN_GUID);
        assertThat(json(request("POST /v3/routes/" + ROUTE + "/destinations").getBodyAsString()))
                .isEqualTo(json("{\"destinations\":[{\"app\":{\"guid\":\"" + APP + "\"}}]}"));
    }

    @Test
    void aSmokeRouteThatCannotReachTheAppIsDeletedAtOnce() {
        cc.routeCreated(ROUTE, "ignored", DOMAIN, "");
        cc.deletes("/v3/routes/" + ROUTE);
        cc.stub(post(urlPathEqualTo("/v3/routes/" + ROUTE + "/destinations")).atPriority(1)
                .willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(() -> platform(false).openSmokeTarget("helloworld-service-green"))
                .isInstanceOf(UserError.class)
                .hasMessage("POST /v3/routes/" + ROUTE + "/destinations {\"app\":" + APP + "} failed: status 500");

        assertThat(changes()).containsExactly("POST /v3/routes", "POST /v3/routes/" + ROUTE + "/destinations",
                "DELETE /v3/routes/" + ROUTE);
    }

    @Test
    void aServerErrorOnCreatingARouteIsReportedNotRepeated() {
        cc.stub(post(urlPathEqualTo("/v3/routes")).willReturn(aResponse().withStatus(502)));

        assertThatThrownBy(() -> platform(false).openSmokeTarget("helloworld-service-green"))
                .isInstanceOf(UserError.class).hasMessageStartingWith("POST /v3/routes {\"host\":\"")
                .hasMessageEndingWith(" failed: status 502");

        assertThat(changes()).containsExactly("POST /v3/routes");
    }

    @Test
    void anAccessTokenThatExpiresMidRunIsRefreshedAndTheRouteCreatedOnce() {
        cc.routeCreated(ROUTE, "ignored", DOMAIN, "");
        cc.deletes("/v3/routes/" + ROUTE);
        cc.uaaRefreshGives(REFRESHED, "a-rotated-refresh-token");
        cc.server().stubFor(post(urlPathEqualTo("/v3/routes")).atPriority(1)
                .withHeader("Authorization", equalTo("bearer " + EXPIRED))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
                        "{\"errors\":[{\"code\":1000,\"title\":\"CF-InvalidAuthToken\",\"detail\":\"Invalid Auth Token\"}]}")));

        platform(false).openSmokeTarget("helloworld-service-green").close();

        assertThat(cc.calls()).containsSubsequence("POST /v3/routes", "POST /uaa/oauth/token", "POST /v3/routes",
                "POST /v3/routes/" + ROUTE + "/destinations", "DELETE /v3/routes/" + ROUTE);
        assertThat(cc.requests().stream().filter(r -> r.getUrl().equals("/v3/routes")
                && r.getMethod().getName().equals("POST")).map(r -> r.getHeader("Authorization")))
                .containsExactly("bearer " + EXPIRED, "bearer " + REFRESHED);
        assertThat(request("POST /uaa/oauth/token").getBodyAsString()).contains("grant_type=refresh_token");
    }

    @Test
    void mapRouteAddsTheAppToTheRouteThatExists() {
        cc.routeExists(cc.route(ROUTE, "hello", DOMAIN, "", "guid-hello", DESTINATION), DOMAIN_GUID);
        cc.destinationsChange(ROUTE);

        platform(false).mapRoute("helloworld-service-green", "hello.apps.example.com");

        assertThat(cc.calls()).containsExactly(ORG_CALL, SPACE_CALL, appByName("helloworld-service-green"),
                "GET /v3/domains?names=" + DOMAIN,
                "GET /v3/routes?domain_guids=" + DOMAIN_GUID + "&hosts=hello&paths=",
                "POST /v3/routes/" + ROUTE + "/destinations");
        assertThat(json(request("POST /v3/routes/" + ROUTE + "/destinations").getBodyAsString()))
                .isEqualTo(json("{\"destinations\":[{\"app\":{\"guid\":\"" + APP + "\"}}]}"));
    }

    @Test
    void mapRouteCreatesARouteTheSpaceDoesNotHaveWithItsPath() {
        cc.routeCreated(ROUTE, "hello", DOMAIN, "/api");

        platform(false).mapRoute("helloworld-service-green", "hello.apps.example.com/api");

        assertThat(changes()).containsExactly("POST /v3/routes", "POST /v3/routes/" + ROUTE + "/destinations");
        assertThat(json(request("POST /v3/routes").getBodyAsString())).isEqualTo(json("{\"host\":\"hello\","
                + "\"path\":\"/api\",\"relationships\":{\"domain\":{\"data\":{\"guid\":\"" + DOMAIN_GUID + "\"}},"
                + "\"space\":{\"data\":{\"guid\":\"" + SPACE_GUID + "\"}}}}"));
    }

    @Test
    void mapRouteToAnAppAlreadyOnItChangesNothing() {
        cc.routeExists(cc.route(ROUTE, "hello", DOMAIN, "", APP, DESTINATION), DOMAIN_GUID);

        platform(false).mapRoute("helloworld-service-green", "hello.apps.example.com");

        assertThat(changes()).isEmpty();
    }

    @Test
    void unmapRouteRemovesOnlyTheAppsDestinationAndKeepsTheRoute() {
        cc.routeExists(cc.route(ROUTE, "hello", DOMAIN, "", "guid-hello", "d-live", APP, DESTINATION), DOMAIN_GUID);
        cc.destinationsChange(ROUTE);

        platform(false).unmapRoute("helloworld-service-green", "hello.apps.example.com");

        assertThat(changes()).containsExactly("DELETE /v3/routes/" + ROUTE + "/destinations/" + DESTINATION);
    }

    @Test
    void aRouteOnADomainTheOrgDoesNotHaveIsOneLine() {
        assertThatThrownBy(() -> platform(false).mapRoute("helloworld-service-green", "hello.nowhere.example"))
                .isInstanceOf(UserError.class).hasMessage("route 'hello.nowhere.example': the domain nowhere.example"
                        + " does not exist in org org1: see cf domains");
        assertThat(changes()).isEmpty();
    }

    @Test
    void aRouteThatIsNotHostDomainIsOneLine() {
        assertThatThrownBy(() -> platform(false).mapRoute("helloworld-service-green", "127.0.0.1:8080"))
                .isInstanceOf(UserError.class).hasMessageStartingWith("route '127.0.0.1:8080' is not host.domain");
        assertThat(changes()).isEmpty();
    }

    @Test
    void startingAnUnknownAppIsOneLineAndChangesNothing() {
        assertThatThrownBy(() -> platform(false).start("nope")).isInstanceOf(UserError.class)
                .hasMessage("unknown app 'nope' in org org1, space space1: see cf-deploy apps --target cf"
                        + " (or push it: cf-deploy push nope --target cf)");
        assertThat(changes()).isEmpty();
    }

    @Test
    void aSpaceThatDoesNotExistIsOneLineNamingCfTarget() {
        CfConnection elsewhere = new CfConnection(new CfLogin(URI.create(cc.url()), cc.url() + "/uaa", EXPIRED,
                "a-refresh-token", null, null, "cf", "", false, StubCloudController.ORG, "gone"));
        try {
            CfPlatform platform = elsewhere.platform(new PrintWriter(printed, true), false, Vars.of(Map.of()),
                    Duration.ofMillis(10), Duration.ofMillis(10));
            assertThatThrownBy(() -> platform.openSmokeTarget("helloworld-service-green"))
                    .isInstanceOf(UserError.class).hasMessageContaining("space 'gone' does not exist in org 'org1'")
                    .hasMessageContaining("cf target -o org1 -s SPACE");
        } finally {
            elsewhere.close();
        }
        assertThat(changes()).isEmpty();
    }

    @Test
    void theNewVersionIsAllowedWhatTheLiveOneIsAndNothingElse() {
        cc.app("edge-gateway", "guid-gateway", 1, "gw.apps.example.com");
        // the policy server lists a policy for each app it names: edge-gateway -> helloworld-service on 8080, and
        // one between two other apps
        ObjectNode policies = cc.doc("networking/v1/external/policies/GET_list.json");
        ObjectNode gatewayToLive = (ObjectNode) policies.path("policies").get(0);
        ((ObjectNode) gatewayToLive.path("source")).put("id", "guid-gateway");
        ((ObjectNode) gatewayToLive.path("destination")).put("id", "guid-hello");
        ((ObjectNode) gatewayToLive.path("destination").path("ports")).put("start", 8080).put("end", 8080);
        cc.stub(get(urlPathEqualTo("/networking/v1/external/policies")).willReturn(okJson(policies.toString())));
        cc.stub(post(urlPathEqualTo("/networking/v1/external/policies")).willReturn(okJson("{}")));

        platform(false).allowTrafficLike("helloworld-service-green", "helloworld-service");

        assertThat(cc.calls()).contains("GET /networking/v1/external/policies?id=guid-hello");
        assertThat(changes()).containsExactly("POST /networking/v1/external/policies");
        assertThat(json(request("POST /networking/v1/external/policies").getBodyAsString())).isEqualTo(json(
                "{\"policies\":[{\"source\":{\"id\":\"guid-gateway\"},\"destination\":{\"id\":\"" + APP + "\","
                        + "\"protocol\":\"tcp\",\"ports\":{\"start\":8080,\"end\":8080}}}]}"));
        assertThat(printed.toString()).contains("Allowed helloworld-service-green the 1 network policy"
                + " helloworld-service has.");
    }

    @Test
    void aPolicyTheNewVersionHasAlreadyIsNotAddedAgain() {
        ObjectNode policies = cc.doc("networking/v1/external/policies/GET_list.json");
        ObjectNode gatewayToBoth = (ObjectNode) policies.path("policies").get(0);
        ((ObjectNode) gatewayToBoth.path("source")).put("id", "guid-gateway");
        ((ObjectNode) gatewayToBoth.path("destination")).put("id", "guid-hello");
        ((ObjectNode) gatewayToBoth.path("destination").path("ports")).put("start", 8080).put("end", 8080);
        ObjectNode toGreen = gatewayToBoth.deepCopy();
        ((ObjectNode) toGreen.path("destination")).put("id", APP);
        policies.putArray("policies").add(gatewayToBoth).add(toGreen);
        cc.stub(get(urlPathEqualTo("/networking/v1/external/policies")).willReturn(okJson(policies.toString())));

        platform(false).allowTrafficLike("helloworld-service-green", "helloworld-service");

        assertThat(changes()).isEmpty();
    }

    @Test
    void dryRunPrintsEveryChangeAndMakesNone() {
        CfPlatform platform = platform(true);
        platform.openSmokeTarget("helloworld-service-green").close();
        platform.mapRoute("helloworld-service-green", "hello.apps.example.com");
        platform.stop("helloworld-service-green");
        platform.delete("helloworld-service-green");

        assertThat(cc.calls()).allMatch(c -> c.startsWith("GET "));
        assertThat(printed.toString().lines()).hasSize(7).allMatch(l -> l.startsWith("would call: "));
        assertThat(printed.toString().lines().toList().get(0))
                .matches("would call: POST /v3/routes \\{\"host\":\"helloworld-service-green-smoke-[a-z0-9]{6}\","
                        + "\"domain\":" + DOMAIN_GUID + "}");
        assertThat(printed.toString().lines().skip(1)).containsExactly(
                "would call: POST /v3/routes/<new route>/destinations {\"app\":" + APP + "}",
                "would call: DELETE /v3/routes/<new route>",
                "would call: POST /v3/routes {\"host\":\"hello\",\"path\":\"\",\"domain\":" + DOMAIN_GUID + "}",
                "would call: POST /v3/routes/<new route>/destinations {\"app\":" + APP + "}",
                "would call: POST /v3/apps/" + APP + "/actions/stop",
                "would call: DELETE /v3/apps/" + APP);
    }

    @Test
    void smokeHostsFitADnsLabelAndDiffer() {
        String host = CfPlatform.smokeHost("a".repeat(80));
        assertThat(host).hasSize(63).matches("a+-smoke-[a-z0-9]{6}");
        assertThat(CfPlatform.smokeHost("hello")).isNotEqualTo(CfPlatform.smokeHost("hello"));
    }

    List<String> changes() {
        return cc.calls().stream().filter(c -> !c.startsWith("GET ")).toList();
    }

    LoggedRequest request(String call) {
        return cc.requests().stream().filter(r -> (r.getMethod().getName() + " " + r.getUrl()).equals(call))
                .findFirst().orElseThrow(() -> new AssertionError("no call " + call + " in " + cc.calls()));
    }
}
