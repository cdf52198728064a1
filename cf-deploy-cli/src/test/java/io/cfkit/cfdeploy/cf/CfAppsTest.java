package io.cfkit.cfdeploy.cf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfAppsTest {

    static final String ACCESS = "stored-access-token-7f3a";
    static final String REFRESH = "stored-refresh-token-91bc";

    @TempDir
    Path dir;

    StubCloudController cc;
    Map<String, String> env;

    @BeforeEach
    void loggedIn() throws Exception {
        cc = new StubCloudController();
        CfHome.loggedIn(dir.resolve("cf-home"), cc.url(), cc.url() + "/uaa", ACCESS, REFRESH, StubCloudController.ORG,
                StubCloudController.SPACE);
        env = Map.of("CF_HOME", dir.resolve("cf-home").toString());
    }

    @AfterEach
    void stop() {
        cc.close();
    }

    @Test
    void appsListsEachAppLikeCfApps() throws Exception {
        cc.app("config-server", "guid-config", 1, "config-server.apps.example.com");
        cc.app("helloworld-service", "guid-hello", 2, "helloworld-service.apps.internal");

        CfDeployProcess.Result result = CfDeployProcess.run(dir, env, "apps", "--target", "cf");

        System.out.println(result);
        System.out.println(cc.calls());
        assertThat(result.exit()).isZero();
    }
}
