package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.CfDeploy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CfScaleTest extends CfCommandTest {

    static final String SCALE = "POST /v3/apps/guid-hello/processes/web/actions/scale";
    static final String STATS = "GET /v3/apps/guid-hello/processes/web/stats";

    @BeforeEach
    void oneInstanceThatScales() {
        cc.app("helloworld-service", "guid-hello", 1, "helloworld-service.apps.internal");
        // After the scale request: first one new instance still STARTING, then all three RUNNING.
        cc.stub(post(urlPathEqualTo("/v3/apps/guid-hello/processes/web/actions/scale")).inScenario("scale")
                .whenScenarioStateIs(STARTED).willSetStateTo("starting")
                .willReturn(okJson(cc.process("guid-hello", 3)).withStatus(202)));
        cc.stub(get(urlPathEqualTo("/v3/apps/guid-hello/processes/web/stats")).atPriority(1).inScenario("scale")
                .whenScenarioStateIs("starting").willSetStateTo("running")
                .willReturn(okJson(cc.stats(3, 2).toString())));
        cc.stub(get(urlPathEqualTo("/v3/apps/guid-hello/processes/web/stats")).atPriority(1).inScenario("scale")
                .whenScenarioStateIs("running").willReturn(okJson(cc.stats(3, 3).toString())));
    }

    @Test
    void scaleAsksForNInstancesAndReturnsWhenTheyRun() throws Exception {
        CfDeployProcess.Result result = cfDeploy("scale", "helloworld-service", "-i", "3");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("OK: helloworld-service runs 3 instances." + System.lineSeparator());
        assertThat(cc.calls()).containsExactly(ORG_CALL, SPACE_CALL, appByName("helloworld-service"), SCALE,
                "GET /v3/apps/guid-hello/processes/web", STATS, STATS);
        assertThat(StubCloudController.json(request(SCALE).getBodyAsString()))
                .isEqualTo(StubCloudController.json("{\"instances\":3}"));
    }

    @Test
    void scaleIsRetriedOnAServerErrorBecauseScalingToNTwiceIsScalingToN() throws Exception {
        cc.stub(post(urlPathEqualTo("/v3/apps/guid-hello/processes/web/actions/scale")).atPriority(1)
                .inScenario("scale").whenScenarioStateIs(STARTED).willSetStateTo("retrying")
                .willReturn(aResponse().withStatus(502)));
        cc.stub(post(urlPathEqualTo("/v3/apps/guid-hello/processes/web/actions/scale")).atPriority(1)
                .inScenario("scale").whenScenarioStateIs("retrying").willSetStateTo("starting")
                .willReturn(okJson(cc.process("guid-hello", 3)).withStatus(202)));

        CfDeployProcess.Result result = cfDeploy("scale", "helloworld-service", "-i", "3");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(changes()).containsExactly(SCALE, SCALE);
    }

    @Test
    void dryRunPrintsTheScaleCallAndMakesNone() throws Exception {
        CfDeployProcess.Result result = cfDeploy("scale", "helloworld-service", "-i", "3", "--dry-run");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "would call: POST /v3/apps/guid-hello/processes/web/actions/scale {\"instances\":3}",
                "Dry run: nothing was changed.");
        assertThat(changes()).isEmpty();
        assertThat(cc.calls()).containsExactly(ORG_CALL, SPACE_CALL, appByName("helloworld-service"));
    }

    @Test
    void anUnknownAppIsOneLineAndChangesNothing() throws Exception {
        CfDeployProcess.Result result = cfDeploy("scale", "nope", "-i", "3");

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly("cf-deploy: unknown app 'nope' in org org1, space space1:"
                + " see cf-deploy apps --target cf (or push it: cf-deploy push nope --target cf)");
        assertThat(changes()).isEmpty();
    }

    @Test
    void dryRunOnTheLocalPlatformIsRefused() throws Exception {
        CfDeployProcess.Result result = CfDeployProcess.run(dir, env, "scale", "helloworld-service", "-i", "3",
                "--dry-run", "--state-dir", dir.resolve("state").toString());

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly("cf-deploy: --dry-run prints the Cloud Foundry API calls a"
                + " command would make: use it with --target cf");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void scaleDownWaitsWhileAnInstanceIsStopping() throws Exception {
        cc.app("edge-gateway", "guid-gateway", 2, "hello.apps.example.com");
        cc.stub(post(urlPathEqualTo("/v3/apps/guid-gateway/processes/web/actions/scale")).inScenario("down")
                .whenScenarioStateIs(STARTED).willSetStateTo("stopping")
                .willReturn(okJson(cc.process("guid-gateway", 1)).withStatus(202)));
        // STOPPING is a documented instance state that no documented example shows: the second instance has it.
        com.fasterxml.jackson.databind.node.ObjectNode stopping = cc.stats(2, 2);
        ((com.fasterxml.jackson.databind.node.ObjectNode) stopping.path("resources").get(1)).put("state", "STOPPING");
        cc.stub(get(urlPathEqualTo("/v3/apps/guid-gateway/processes/web/stats")).atPriority(1).inScenario("down")
                .whenScenarioStateIs("stopping").willSetStateTo("stopped").willReturn(okJson(stopping.toString())));
        cc.stub(get(urlPathEqualTo("/v3/apps/guid-gateway/processes/web/stats")).atPriority(1).inScenario("down")
                .whenScenarioStateIs("stopped").willReturn(okJson(cc.stats(1, 1).toString())));

        CfDeployProcess.Result result = cfDeploy("scale", "edge-gateway", "-i", "1");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("OK: edge-gateway runs 1 instance." + System.lineSeparator());
        assertThat(cc.calls().stream().filter(c -> c.endsWith("/guid-gateway/processes/web/stats"))).hasSize(2);
    }
}
