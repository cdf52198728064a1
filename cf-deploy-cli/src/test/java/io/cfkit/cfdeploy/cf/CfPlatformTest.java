package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.Vars;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The platform in-process, for what the commands do not show: the manifest an app runs with. */
class CfPlatformTest {

    StubCloudController cc;
    CfConnection connection;
    CfPlatform platform;

    @BeforeEach
    void connect() {
        cc = new StubCloudController();
        CfLogin login = new CfLogin(URI.create(cc.url()), cc.url() + "/uaa", "an-access-token", "a-refresh-token",
                null, null, "cf", "", false, StubCloudController.ORG, StubCloudController.SPACE);
        connection = new CfConnection(login);
        platform = connection.platform(new PrintWriter(new StringWriter()), false, Vars.of(Map.of()),
                Duration.ofMillis(10), Duration.ofMillis(10));
    }

    @AfterEach
    void close() {
        connection.close();
        cc.close();
    }

    @Test
    void theManifestOfARunningAppComesFromItsProcessRoutesAndEnvironment() {
        cc.app("helloworld-service", "guid-hello", 2, "helloworld-service.apps.internal");
        cc.stub(get(urlPathEqualTo("/v3/apps/guid-hello/environment_variables"))
                .willReturn(okJson(cc.doc("v3/apps/GET_environment_variables.json").toString())));

        AppManifest manifest = platform.manifest("helloworld-service").orElseThrow();

        assertThat(manifest.name()).isEqualTo("helloworld-service");
        assertThat(manifest.instances()).isEqualTo(2);
        assertThat(manifest.memoryMb()).isEqualTo(256);
        assertThat(manifest.routes()).containsExactly("helloworld-service.apps.internal");
        assertThat(manifest.env()).containsEntry("RAILS_ENV", "production");
        assertThat(manifest.healthCheckType()).isEqualTo("port");
    }

    @Test
    void anAppTheSpaceDoesNotHaveHasNoManifest() {
        assertThat(platform.manifest("nope")).isEmpty();
        assertThat(cc.calls()).last().isEqualTo(CfCommandTest.appByName("nope"));
    }

    @Test
    void aStoppingInstanceIsShownAsDown() {
        cc.app("edge-gateway", "guid-gateway", 2, "hello.apps.example.com");
        com.fasterxml.jackson.databind.node.ObjectNode stats = cc.stats(2, 2);
        ((com.fasterxml.jackson.databind.node.ObjectNode) stats.path("resources").get(1)).put("state", "STOPPING");
        cc.stub(get(urlPathEqualTo("/v3/apps/guid-gateway/processes/web/stats")).atPriority(1)
                .willReturn(okJson(stats.toString())));

        var app = platform.apps().get(0);

        assertThat(app.instances()).extracting(i -> i.state()).containsExactly("RUNNING", "DOWN");
        assertThat(app.runningInstances()).isEqualTo(1);
    }
}
