package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.Test;

class CfAppsTest extends CfCommandTest {

    @Test
    void appsListsEachAppLikeCfApps() throws Exception {
        cc.app("config-server", "guid-config", 1, "config-server.apps.example.com");
        cc.app("helloworld-service", "guid-hello", 2, "helloworld-service.apps.internal");

        CfDeployProcess.Result result = cfDeploy("apps");

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines().toList()).hasSize(6);
        assertThat(result.out()).contains("name                   requested  instances  memory   routes")
                .containsPattern("config-server +STARTED +1/1 +256M +config-server.apps.example.com")
                .containsPattern("helloworld-service +STARTED +2/2 +256M +helloworld-service.apps.internal")
                .containsPattern("#1 +running +http://10.244.16.10:64546");
        assertThat(cc.calls()).containsExactly(ORG_CALL, SPACE_CALL, APPS_CALL,
                "GET /v3/apps/guid-config/processes/web", "GET /v3/apps/guid-config/routes?page=1",
                "GET /v3/apps/guid-config/processes/web/stats",
                "GET /v3/apps/guid-hello/processes/web", "GET /v3/apps/guid-hello/routes?page=1",
                "GET /v3/apps/guid-hello/processes/web/stats");
    }

    @Test
    void appsAsJsonHasTheLocalPlatformsShape() throws Exception {
        cc.app("helloworld-service", "guid-hello", 2, "helloworld-service.apps.internal");

        CfDeployProcess.Result result = cfDeploy("apps", "--json");

        assertThat(result.exit()).isZero();
        JsonNode app = StubCloudController.json(result.out()).get(0);
        assertThat(app.get("name").asText()).isEqualTo("helloworld-service");
        assertThat(app.get("requestedState").asText()).isEqualTo("STARTED");
        assertThat(app.get("desiredInstances").asInt()).isEqualTo(2);
        assertThat(app.get("memoryMb").asInt()).isEqualTo(256);
        assertThat(app.get("routes").get(0).asText()).isEqualTo("helloworld-service.apps.internal");
        assertThat(app.get("instances")).hasSize(2);
        assertThat(app.get("instances").get(1).get("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void aServerErrorOnAReadIsRetried() throws Exception {
        cc.app("helloworld-service", "guid-hello", 2, "helloworld-service.apps.internal");
        cc.stub(get(urlPathEqualTo("/v3/apps/guid-hello/processes/web/stats")).atPriority(1)
                .inScenario("flaky").whenScenarioStateIs(STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(503)));

        CfDeployProcess.Result result = cfDeploy("apps");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(cc.calls()).containsSubsequence("GET /v3/apps/guid-hello/processes/web/stats",
                "GET /v3/apps/guid-hello/processes/web/stats");
        assertThat(cc.calls().stream().filter(c -> c.endsWith("/stats"))).hasSize(2);
    }

    @Test
    void anAccessTokenThatExpiresMidRunIsRefreshedOnceAndTheCallRetried() throws Exception {
        cc.app("helloworld-service", "guid-hello", 1, "helloworld-service.apps.internal");
        cc.uaaRefreshGives(REFRESHED_ACCESS, REFRESHED_REFRESH);
        // The stored token is accepted for the org lookup, then expires: the Cloud Controller answers 401.
        cc.stub(get(urlPathEqualTo("/v3/organizations")).atPriority(1).inScenario("token")
                .whenScenarioStateIs(STARTED).willSetStateTo("expired")
                .willReturn(okJson(StubCloudController.onePage(cc.doc("v3/organizations/GET_list.json"),
                        (com.fasterxml.jackson.databind.node.ObjectNode) cc.doc("v3/organizations/GET_list.json")
                                .path("resources").get(0)).toString())));
        cc.server().stubFor(get(urlPathEqualTo("/v3/spaces")).atPriority(1).inScenario("token")
                .whenScenarioStateIs("expired").withHeader("Authorization", equalTo("bearer " + ACCESS))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
                        "{\"errors\":[{\"code\":1000,\"title\":\"CF-InvalidAuthToken\",\"detail\":\"Invalid Auth Token\"}]}")));

        CfDeployProcess.Result result = cfDeploy("apps");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(cc.calls()).containsSubsequence(ORG_CALL, SPACE_CALL, "POST /uaa/oauth/token", SPACE_CALL,
                APPS_CALL);
        assertThat(cc.calls().stream().filter(c -> c.equals("POST /uaa/oauth/token"))).hasSize(1);
        String grant = request("POST /uaa/oauth/token").getBodyAsString();
        assertThat(grant).contains("grant_type=refresh_token").contains("refresh_token=" + REFRESH);
        assertThat(cc.requests().get(cc.requests().size() - 1).getHeader("Authorization"))
                .isEqualTo("bearer " + REFRESHED_ACCESS);
    }

    @Test
    void aBrokenConnectionOnAReadIsRetried() throws Exception {
        cc.app("helloworld-service", "guid-hello", 1, "helloworld-service.apps.internal");
        cc.stub(get(urlPathEqualTo("/v3/apps/guid-hello/routes")).atPriority(1)
                .inScenario("reset").whenScenarioStateIs(STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        CfDeployProcess.Result result = cfDeploy("apps");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(cc.calls().stream().filter(c -> c.startsWith("GET /v3/apps/guid-hello/routes"))).hasSize(2);
    }

    @Test
    void theTargetCanComeFromTheEnvironment() throws Exception {
        cc.app("helloworld-service", "guid-hello", 1, "helloworld-service.apps.internal");
        env.put("CF_DEPLOY_TARGET", "cf");

        CfDeployProcess.Result result = CfDeployProcess.run(dir, env, "apps");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("helloworld-service");
        assertThat(cc.calls()).contains(APPS_CALL);
    }

    @Test
    void anUnknownTargetIsOneLine() throws Exception {
        CfDeployProcess.Result result = CfDeployProcess.run(dir, env, "apps", "--target", "heroku");

        assertThat(result.exit()).isEqualTo(io.cfkit.cfdeploy.CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly(
                "cf-deploy: unknown target 'heroku': use --target local or --target cf");
        assertThat(cc.calls()).isEmpty();
    }

    @Test
    void aRefreshTokenThatUaaRefusesMeansLoggingInAgainWithoutQuotingAnyToken() throws Exception {
        cc.app("helloworld-service", "guid-hello", 1, "helloworld-service.apps.internal");
        cc.server().stubFor(get(urlPathEqualTo("/v3/organizations")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
                        "{\"errors\":[{\"code\":1000,\"title\":\"CF-InvalidAuthToken\",\"detail\":\"Invalid Auth Token\"}]}")));
        // UAA's answer quotes the refused token, as some UAA versions do.
        cc.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/uaa/oauth/token"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
                        "{\"error\":\"invalid_token\",\"error_description\":\"Invalid refresh token (expired): "
                                + REFRESH + "\"}")));

        CfDeployProcess.Result result = cfDeploy("apps");

        assertThat(result.exit()).isEqualTo(io.cfkit.cfdeploy.CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly("cf-deploy: " + ORG_CALL + " needs a new token, and UAA"
                + " refused to give one (401 invalid_token): run cf login");
    }
}
