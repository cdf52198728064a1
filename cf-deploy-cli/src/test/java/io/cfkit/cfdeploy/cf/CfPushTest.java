package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfkit.cfdeploy.CfDeploy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** push as cf push -f does it on v3, against the stub, with the documented guids of package, build and droplet. */
class CfPushTest extends CfCommandTest {

    static final String APP = "guid-hello";
    static final String JOB = "b19ae525-cbd3-4155-b156-dc0c2a431b4c";
    static final String PACKAGE = "44f7c078-0934-470f-9883-4fcddc5b8f13";
    static final String BUILD = "585bc3c1-3743-497d-88b0-403ad6b56d16";
    static final String DROPLET = "1e1186e7-d803-4c46-b9d6-5c81e50fe55a";

    static final String APPLY = "POST /v3/spaces/" + StubCloudController.SPACE_GUID + "/actions/apply_manifest";
    static final String CREATE_PACKAGE = "POST /v3/packages";
    static final String UPLOAD = "POST /v3/packages/" + PACKAGE + "/upload";
    static final String CREATE_BUILD = "POST /v3/builds";
    static final String SET_DROPLET = "PATCH /v3/apps/" + APP + "/relationships/current_droplet";
    static final String RESTART = "POST /v3/apps/" + APP + "/actions/restart";

    Path manifests;

    @BeforeEach
    void aManifestAJarAndAFoundationThatStagesIt() throws Exception {
        manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("helloworld-service.yml"), """
                applications:
                - name: helloworld-service
                  path: ../build/helloworld-service.jar
                  memory: 768M
                  instances: ((helloworld-instances))
                  buildpacks:
                  - java_buildpack
                  routes:
                  - route: ((helloworld-service-route))
                  health-check-type: http
                  health-check-http-endpoint: /actuator/health
                  timeout: 120
                  env:
                    ADMIN_PASSWORD: ((admin-password))
                """);
        Files.writeString(manifests.resolve("vars-cf.yml"), """
                helloworld-instances: 2
                helloworld-service-route: helloworld-service.apps.internal
                """);
        Files.createDirectories(dir.resolve("build"));
        try (ZipOutputStream jar = new ZipOutputStream(Files.newOutputStream(dir.resolve("build/helloworld-service.jar")))) {
            jar.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            jar.write("Manifest-Version: 1.0\n".getBytes());
        }

        cc.app("helloworld-service", APP, 2, "helloworld-service.apps.internal");
        cc.stub(post(urlPathEqualTo("/v3/spaces/" + StubCloudController.SPACE_GUID + "/actions/apply_manifest"))
                .willReturn(aResponse().withStatus(202).withHeader("Location", cc.url() + "/v3/jobs/" + JOB)));
        cc.stub(get(urlPathEqualTo("/v3/jobs/" + JOB)).willReturn(okJson(cc.doc("v3/jobs/GET_complete.json").toString())));
        cc.stub(post(urlPathEqualTo("/v3/packages")).willReturn(okJson(withApp(cc.doc("v3/packages/POST_create_bits.json"))
                .toString()).withStatus(201)));
        cc.stub(post(urlPathEqualTo("/v3/packages/" + PACKAGE + "/upload"))
                .willReturn(okJson(withApp(cc.doc("v3/packages/POST_upload.json")).toString())));
        // The docs hold no READY package: the second look finds it READY.
        cc.stub(get(urlPathEqualTo("/v3/packages/" + PACKAGE)).inScenario("package").whenScenarioStateIs(STARTED)
                .willSetStateTo("ready").willReturn(okJson(withApp(cc.doc("v3/packages/GET_single.json")).toString())));
        ObjectNode ready = withApp(cc.doc("v3/packages/GET_single.json")).put("state", "READY");
        cc.stub(get(urlPathEqualTo("/v3/packages/" + PACKAGE)).inScenario("package").whenScenarioStateIs("ready")
                .willReturn(okJson(ready.toString())));
        cc.stub(post(urlPathEqualTo("/v3/builds")).willReturn(okJson(cc.doc("v3/builds/POST_create.json").toString())
                .withStatus(201)));
        ObjectNode staging = cc.doc("v3/builds/GET_single.json").put("state", "STAGING");
        staging.putNull("droplet");
        cc.stub(get(urlPathEqualTo("/v3/builds/" + BUILD)).inScenario("build").whenScenarioStateIs(STARTED)
                .willSetStateTo("staged").willReturn(okJson(staging.toString())));
        cc.stub(get(urlPathEqualTo("/v3/builds/" + BUILD)).inScenario("build").whenScenarioStateIs("staged")
                .willReturn(okJson(cc.doc("v3/builds/GET_single.json").toString())));
        cc.stub(patch(urlPathMatching("/v3/apps/[^/]+/relationships/current_droplet"))
                .willReturn(okJson(cc.doc("v3/apps/PATCH_relationships_current_droplet.json").toString())));
        cc.stub(post(urlPathMatching("/v3/apps/[^/]+/actions/restart"))
                .willReturn(okJson(cc.doc("v3/apps/POST_restart.json").toString())));
    }

    private static ObjectNode withApp(ObjectNode pkg) {
        ((ObjectNode) pkg.path("relationships").path("app").path("data")).put("guid", APP);
        return pkg;
    }

    @Test
    void pushAppliesTheManifestUploadsStagesSetsTheDropletAndRestarts() throws Exception {
        CfDeployProcess.Result result = cfDeploy("push", "helloworld-service", "--var", "admin-password=s3cr3t-pa55");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).endsWith("OK: helloworld-service is pushed and runs 2 instances." + System.lineSeparator());
        assertThat(cc.calls()).containsExactly(ORG_CALL, SPACE_CALL, APPLY, "GET /v3/jobs/" + JOB,
                appByName("helloworld-service"), CREATE_PACKAGE, UPLOAD, "GET /v3/packages/" + PACKAGE,
                "GET /v3/packages/" + PACKAGE, CREATE_BUILD, "GET /v3/builds/" + BUILD, "GET /v3/builds/" + BUILD,
                SET_DROPLET, RESTART, "GET /v3/apps/" + APP + "/processes/web/stats");
        assertThat(request(APPLY).getBodyAsString()).isEqualTo("""
                ---
                applications:
                - name: "helloworld-service"
                  memory: "768M"
                  instances: 2
                  buildpacks:
                  - "java_buildpack"
                  routes:
                  - route: "helloworld-service.apps.internal"
                  health-check-type: "http"
                  health-check-http-endpoint: "/actuator/health"
                  timeout: 120
                  env:
                    ADMIN_PASSWORD: "s3cr3t-pa55"
                """);
        assertThat(request(APPLY).getHeader("Content-Type")).startsWith("application/x-yaml");
        assertThat(StubCloudController.json(request(CREATE_PACKAGE).getBodyAsString())).isEqualTo(
                StubCloudController.json("{\"type\":\"bits\",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + APP
                        + "\"}}}}"));
        assertThat(request(UPLOAD).getHeader("Content-Type")).startsWith("multipart/form-data");
        assertThat(StubCloudController.json(request(CREATE_BUILD).getBodyAsString()))
                .isEqualTo(StubCloudController.json("{\"package\":{\"guid\":\"" + PACKAGE + "\"}}"));
        assertThat(StubCloudController.json(request(SET_DROPLET).getBodyAsString()))
                .isEqualTo(StubCloudController.json("{\"data\":{\"guid\":\"" + DROPLET + "\"}}"));
    }

    @Test
    void aBuildThatFailsToStageStopsThePushBeforeTheDropletChanges() throws Exception {
        ObjectNode failed = cc.doc("v3/builds/GET_single.json").put("state", "FAILED").put("error", "NoAppDetectedError");
        failed.putNull("droplet");
        cc.stub(get(urlPathEqualTo("/v3/builds/" + BUILD)).atPriority(1).willReturn(okJson(failed.toString())));

        CfDeployProcess.Result result = cfDeploy("push", "helloworld-service", "--var", "admin-password=x");

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly("cf-deploy: helloworld-service failed to stage:"
                + " NoAppDetectedError (see: cf-deploy logs helloworld-service --recent --target cf)");
        assertThat(changes()).containsExactly(APPLY, CREATE_PACKAGE, UPLOAD, CREATE_BUILD);
    }

    @Test
    void aServerErrorOnANonIdempotentCallIsReportedNotRepeated() throws Exception {
        cc.stub(post(urlPathEqualTo("/v3/packages")).atPriority(1).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody(
                        "{\"errors\":[{\"code\":10001,\"title\":\"UnknownError\",\"detail\":\"An unknown error occurred.\"}]}")));

        CfDeployProcess.Result result = cfDeploy("push", "helloworld-service", "--var", "admin-password=x");

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly("cf-deploy: POST /v3/packages {\"type\":\"bits\",\"app\":"
                + APP + "} failed: 500 UnknownError: An unknown error occurred.");
        assertThat(changes()).containsExactly(APPLY, CREATE_PACKAGE);
    }

    @Test
    void dryRunPrintsEveryChangingCallAndMakesNone() throws Exception {
        CfDeployProcess.Result result = cfDeploy("push", "helloworld-service", "--var", "admin-password=x",
                "--dry-run");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "Pushing helloworld-service from " + manifests.resolve("helloworld-service.yml") + " ...",
                "would call: " + APPLY + " (helloworld-service)",
                "would call: POST /v3/packages {\"type\":\"bits\",\"app\":" + APP + "}",
                "would call: POST /v3/packages/<new package>/upload (helloworld-service.jar)",
                "would call: POST /v3/builds {\"package\":<new package>}",
                "would call: PATCH /v3/apps/" + APP + "/relationships/current_droplet {\"guid\":<droplet of the new build>}",
                "would call: POST /v3/apps/" + APP + "/actions/restart",
                "Dry run: nothing was changed.");
        assertThat(changes()).isEmpty();
    }

    @Test
    void aManifestWithAnUnknownFieldIsRefusedBeforeAnyCall() throws Exception {
        Files.writeString(manifests.resolve("helloworld-service.yml"), Files.readString(
                manifests.resolve("helloworld-service.yml")).replace("  timeout: 120", "  timeout: 120\n  colour: blue"));

        CfDeployProcess.Result result = cfDeploy("push", "helloworld-service", "--var", "admin-password=x");

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).hasSize(1).first().asString().contains("colour");
        assertThat(cc.calls()).isEmpty();
    }

    @Test
    void pushWithoutAnAppPushesTheKitInDependencyOrderAddsTheGatewaysNetworkPolicyAndSummarises() throws Exception {
        Files.writeString(manifests.resolve("discovery-service.yml"), """
                applications:
                - name: discovery-service
                  path: ../build/helloworld-service.jar
                  routes:
                  - route: discovery.apps.example.com
                """);
        Files.writeString(manifests.resolve("edge-gateway.yml"), """
                applications:
                - name: edge-gateway
                  path: ../build/helloworld-service.jar
                  routes:
                  - route: hello.apps.example.com
                  env:
                    EUREKA_URL: https://discovery.apps.example.com/eureka/
                """);
        Files.writeString(manifests.resolve("helloworld-service.yml"), Files.readString(
                manifests.resolve("helloworld-service.yml")).replace("    ADMIN_PASSWORD: ((admin-password))",
                "    ADMIN_PASSWORD: ((admin-password))\n    EUREKA_URL: https://discovery.apps.example.com/eureka/"));
        cc.app("discovery-service", "guid-discovery", 1, "discovery.apps.example.com");
        cc.app("edge-gateway", "guid-gateway", 1, "hello.apps.example.com");
        cc.server().stubFor(get(urlPathEqualTo("/networking/v1/external/policies"))
                .withQueryParam("id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("guid-gateway"))
                .willReturn(okJson(cc.doc("networking/v1/external/policies/GET_list.json").toString())));
        cc.server().stubFor(post(urlPathEqualTo("/networking/v1/external/policies")).willReturn(okJson("{}")));

        CfDeployProcess.Result result = cfDeploy("push", "--var", "admin-password=x");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(changes()).containsExactly(
                APPLY, CREATE_PACKAGE, UPLOAD, CREATE_BUILD, "PATCH /v3/apps/guid-discovery/relationships/current_droplet",
                "POST /v3/apps/guid-discovery/actions/restart",
                APPLY, CREATE_PACKAGE, UPLOAD, CREATE_BUILD, "PATCH /v3/apps/guid-gateway/relationships/current_droplet",
                "POST /v3/apps/guid-gateway/actions/restart",
                APPLY, CREATE_PACKAGE, UPLOAD, CREATE_BUILD, SET_DROPLET, RESTART,
                "POST /networking/v1/external/policies");
        assertThat(cc.calls()).containsSubsequence(RESTART, appByName("edge-gateway"),
                appByName("helloworld-service"), "GET /networking/v1/external/policies?id=guid-gateway",
                "POST /networking/v1/external/policies");
        assertThat(StubCloudController.json(request("POST /networking/v1/external/policies").getBodyAsString()))
                .isEqualTo(StubCloudController.json("""
                        {"policies":[{"source":{"id":"guid-gateway"},"destination":{"id":"guid-hello",
                        "protocol":"tcp","ports":{"start":8080,"end":8080}}}]}"""));
        assertThat(result.out()).contains("Allowed edge-gateway to reach helloworld-service on port 8080.",
                "The kit is up:", "Gateway: https://hello.apps.example.com/",
                "Eureka dashboard: https://discovery.apps.example.com/");
        assertThat(result.out()).containsPattern("helloworld-service +2/2 +\\(no route: reached through the gateway\\)");
    }

    @Test
    void aNetworkPolicyThatIsThereIsNotAddedAgain() throws Exception {
        Files.writeString(manifests.resolve("edge-gateway.yml"), """
                applications:
                - name: edge-gateway
                  path: ../build/helloworld-service.jar
                  routes:
                  - route: hello.apps.example.com
                """);
        cc.app("edge-gateway", "guid-gateway", 1, "hello.apps.example.com");
        ObjectNode policies = cc.doc("networking/v1/external/policies/GET_list.json");
        ObjectNode first = (ObjectNode) policies.path("policies").get(0);
        ((ObjectNode) first.path("source")).put("id", "guid-gateway");
        ((ObjectNode) first.path("destination")).put("id", APP);
        ((ObjectNode) first.path("destination").path("ports")).put("start", 8080).put("end", 8080);
        cc.server().stubFor(get(urlPathEqualTo("/networking/v1/external/policies"))
                .willReturn(okJson(policies.toString())));

        CfDeployProcess.Result result = cfDeploy("push", "--var", "admin-password=x");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(cc.calls()).contains("GET /networking/v1/external/policies?id=guid-gateway");
        assertThat(changes()).doesNotContain("POST /networking/v1/external/policies");
    }

    @Test
    void aRollingPushDeploysTheDropletInsteadOfRestarting() throws Exception {
        String deployment = "59c3d133-2b83-46f3-960e-7765a129aea4";
        // The only documented single deployment is a canary one; cf-java-client 5.15 parses rolling ones only.
        ObjectNode created = cc.doc("v3/deployments/POST_create_canary.json").put("strategy", "rolling");
        created.remove("options");
        ((ObjectNode) created.path("status")).remove("canary");
        cc.stub(post(urlPathEqualTo("/v3/deployments")).willReturn(okJson(created.toString()).withStatus(201)));
        cc.stub(get(urlPathEqualTo("/v3/deployments/" + deployment)).inScenario("deployment")
                .whenScenarioStateIs(STARTED).willSetStateTo("deployed").willReturn(okJson(created.toString())));
        ObjectNode deployed = created.deepCopy();
        ((ObjectNode) deployed.path("status")).put("value", "FINALIZED").put("reason", "DEPLOYED");
        cc.stub(get(urlPathEqualTo("/v3/deployments/" + deployment)).inScenario("deployment")
                .whenScenarioStateIs("deployed").willReturn(okJson(deployed.toString())));

        CfDeployProcess.Result result = cfDeploy("push", "helloworld-service", "--var", "admin-password=x",
                "--strategy", "rolling");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(changes()).containsExactly(APPLY, CREATE_PACKAGE, UPLOAD, CREATE_BUILD, "POST /v3/deployments");
        assertThat(cc.calls()).endsWith("POST /v3/deployments", "GET /v3/deployments/" + deployment,
                "GET /v3/deployments/" + deployment, "GET /v3/apps/" + APP + "/processes/web/stats");
        assertThat(StubCloudController.json(request("POST /v3/deployments").getBodyAsString())).isEqualTo(
                StubCloudController.json("{\"droplet\":{\"guid\":\"" + DROPLET + "\"},\"relationships\":{\"app\":"
                        + "{\"data\":{\"guid\":\"" + APP + "\"}}}}"));
    }
}
