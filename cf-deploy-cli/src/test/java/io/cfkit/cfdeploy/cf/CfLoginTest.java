package io.cfkit.cfdeploy.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.CfDeploy;
import io.cfkit.cfdeploy.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whose login cf-deploy uses on Cloud Foundry, and its one-line answers when there is none that works. */
class CfLoginTest extends CfCommandTest {

    private static final CfTargetOptions NO_OPTIONS = new CfTargetOptions(null, null, null, false);

    @Test
    void theCfClisLoginGivesTargetTokensOrgSpaceAndTlsChoice() throws Exception {
        Path home = CfHome.loggedIn(dir.resolve("home"), "https://api.example.org", "https://login.example.org",
                ACCESS, REFRESH, "my-org", "dev");

        CfLogin login = CfLogin.resolve(NO_OPTIONS, Map.of("CF_HOME", home.toString()));

        assertThat(login.api().toString()).isEqualTo("https://api.example.org");
        assertThat(login.port()).isEqualTo(443);
        assertThat(login.accessToken()).isEqualTo(ACCESS);
        assertThat(login.refreshToken()).isEqualTo(REFRESH);
        assertThat(login.authorizationEndpoint()).isEqualTo("https://login.example.org");
        assertThat(login.org()).isEqualTo("my-org");
        assertThat(login.space()).isEqualTo("dev");
        assertThat(login.skipSslValidation()).isFalse();
        assertThat(login.toString()).doesNotContain(ACCESS, REFRESH);
    }

    @Test
    void tlsIsSkippedOnlyWhenTheCfLoginOrTheOptionSaysSo() throws Exception {
        Path home = CfHome.loggedIn(dir.resolve("home"), "https://api.example.org", "https://login.example.org",
                ACCESS, REFRESH, "my-org", "dev");
        Path config = home.resolve(".cf/config.json");
        Map<String, String> env = Map.of("CF_HOME", home.toString());

        assertThat(CfLogin.resolve(new CfTargetOptions(null, null, null, true), env).skipSslValidation()).isTrue();
        Files.writeString(config, Files.readString(config).replace("\"SSLDisabled\": false", "\"SSLDisabled\": true"));
        assertThat(CfLogin.resolve(NO_OPTIONS, env).skipSslValidation()).isTrue();
    }

    @Test
    void optionsChooseAnotherOrgAndSpaceThanTheCfTarget() throws Exception {
        Path home = CfHome.loggedIn(dir.resolve("home"), "https://api.example.org", "https://login.example.org",
                ACCESS, REFRESH, "my-org", "dev");

        CfLogin login = CfLogin.resolve(new CfTargetOptions(null, "other", "prod", false),
                Map.of("CF_HOME", home.toString()));

        assertThat(login.org()).isEqualTo("other");
        assertThat(login.space()).isEqualTo("prod");
    }

    @Test
    void apiNeedsAUserAndPasswordFromTheEnvironment() {
        assertThatThrownBy(() -> CfLogin.resolve(new CfTargetOptions("https://api.example.org", "o", "s", false),
                Map.of("CF_HOME", dir.toString())))
                .isInstanceOf(UserError.class)
                .hasMessage("--api https://api.example.org needs CF_USERNAME and CF_PASSWORD in the environment"
                        + " (or run: cf login -a https://api.example.org, and drop --api)");
    }

    @Test
    void withoutACfLoginOrCredentialsTheCommandSaysToLogIn() throws Exception {
        env.put("CF_HOME", Files.createDirectories(dir.resolve("empty-home")).toString());

        CfDeployProcess.Result result = cfDeploy("scale", "helloworld-service", "-i", "2");

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly("cf-deploy: no Cloud Foundry login: run cf login -a API"
                + " (or pass --api with CF_USERNAME and CF_PASSWORD in the environment)");
        assertThat(cc.calls()).isEmpty();
    }

    @Test
    void anOrgThatDoesNotExistIsOneLineNamingCfTarget() throws Exception {
        cc.app("helloworld-service", "guid-hello", 1, "helloworld-service.apps.internal");

        CfDeployProcess.Result result = cfDeploy("scale", "helloworld-service", "-i", "2", "--org", "nowhere");

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly("cf-deploy: org 'nowhere' does not exist or you are not a"
                + " member: see cf orgs, then cf target -o ORG");
        assertThat(changes()).isEmpty();
    }

    @Test
    void aSpaceThatDoesNotExistIsOneLineNamingCfTarget() throws Exception {
        cc.app("helloworld-service", "guid-hello", 1, "helloworld-service.apps.internal");

        CfDeployProcess.Result result = cfDeploy("scale", "helloworld-service", "-i", "2", "--space", "nowhere");

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly("cf-deploy: space 'nowhere' does not exist in org 'org1' or"
                + " you are not a member: see cf spaces, then cf target -o org1 -s SPACE");
        assertThat(changes()).isEmpty();
    }

    @Test
    void aUserFromTheEnvironmentLogsInWithAPasswordGrant() throws Exception {
        cc.app("helloworld-service", "guid-hello", 1, "helloworld-service.apps.internal");
        cc.uaaRefreshGives(REFRESHED_ACCESS, REFRESHED_REFRESH);
        env.put("CF_HOME", Files.createDirectories(dir.resolve("empty-home")).toString());
        env.put("CF_USERNAME", "ops");
        env.put("CF_PASSWORD", "s3cr3t-pa55");

        CfDeployProcess.Result result = cfDeploy("apps", "--api", cc.url(), "--org", "org1", "--space", "space1");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(cc.calls()).startsWith("POST /uaa/oauth/token", ORG_CALL);
        assertThat(request("POST /uaa/oauth/token").getBodyAsString()).contains("grant_type=password")
                .contains("username=ops");
        assertThat(cc.requests().get(cc.requests().size() - 1).getHeader("Authorization"))
                .isEqualTo("bearer " + REFRESHED_ACCESS);
    }

    @Test
    void localOnlyCommandsRefuseTheCfTarget() throws Exception {
        CfDeployProcess.Result result = cfDeploy("down");

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly("cf-deploy: cf-deploy down runs on the local platform only,"
                + " not with --target cf (with --target cf: apps, push, scale, logs --recent and the rollout commands)");
        assertThat(cc.calls()).isEmpty();
    }

    @Test
    void withoutCfHomeTheLoginIsInTheHomeFolder() throws Exception {
        Path home = CfHome.loggedIn(dir.resolve("home"), "https://api.example.org", "https://login.example.org",
                ACCESS, REFRESH, "my-org", "dev");

        assertThat(CfLogin.resolve(NO_OPTIONS, Map.of("HOME", home.toString())).org()).isEqualTo("my-org");
    }
}
