package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.CfDeploy;
import io.cfkit.cfdeploy.configrepo.BareRemote;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout commands with --target cf: their state and policies in a clone of the config repository (here a bare
 * repository on this machine standing for the config server's remote), the apps on the stub foundation.
 */
class CfRolloutCommandsTest extends CfCommandTest {

    @BeforeEach
    void aConfigRepositoryAndAnApp() throws Exception {
        env.put("CONFIG_REPO_URI", BareRemote.create(dir, BareRemote.GATEWAY_CONFIG).uri());
        env.put("CF_DEPLOY_STATE_DIR", dir.resolve("state").toString());
        cc.app("helloworld-service", "guid-hello", 2, "helloworld-service.apps.internal");
        cc.stub(get(urlPathEqualTo("/v3/apps/guid-hello/environment_variables"))
                .willReturn(okJson(cc.doc("v3/apps/GET_environment_variables.json").toString())));
    }

    @Test
    void historyReadsTheConfigRepositorysLog() throws Exception {
        CfDeployProcess.Result result = cfDeploy("history", "helloworld-service");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly("No traffic change of helloworld-service yet.");
        assertThat(changes()).isEmpty();
    }

    @Test
    void aRolloutWithoutAnEdgeGatewayIsOneLineAndChangesNothing() throws Exception {
        CfDeployProcess.Result result = cfDeploy("deploy", "helloworld-service", "--version", "green");

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly(
                "cf-deploy: the kit runs no edge-gateway: traffic is shifted through it");
        assertThat(changes()).isEmpty();
    }

    @Test
    void theRolloutCommandsRefuseDryRunOnTheLocalPlatformInOneLine() throws Exception {
        for (List<String> command : List.of(List.of("deploy", "helloworld-service", "--version", "green"),
                List.of("canary", "helloworld-service", "--weight", "10"), List.of("promote", "helloworld-service"),
                List.of("rollback", "helloworld-service"), List.of("resume", "helloworld-service"),
                List.of("switch", "edge-gateway", "--version", "v2"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--dry-run", "--target", "local"));
            CfDeployProcess.Result result = CfDeployProcess.run(dir, env, args.toArray(String[]::new));

            assertThat(result.exit()).as(command + ": " + result.err()).isEqualTo(CfDeploy.USER_ERROR);
            assertThat(result.err().lines()).as(command.toString()).containsExactly("cf-deploy: --dry-run prints the"
                    + " Cloud Foundry API calls a command would make: use it with --target cf");
        }
        assertThat(cc.calls()).isEmpty();
        assertThat(dir.resolve("state")).doesNotExist();
    }
}
