package io.cfkit.cfdeploy.cf;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** cf-deploy run against the stub Cloud Controller, logged in as the cf CLI leaves it in a temporary CF_HOME. */
abstract class CfCommandTest {

    static final String ACCESS = "stored-access-token-7f3a";
    static final String REFRESH = "stored-refresh-token-91bc";
    static final String REFRESHED_ACCESS = "refreshed-access-token-c2d4";
    static final String REFRESHED_REFRESH = "refreshed-refresh-token-e5f6";

    @TempDir
    Path dir;

    StubCloudController cc;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void loggedIn() throws Exception {
        cc = new StubCloudController();
        CfHome.loggedIn(dir.resolve("cf-home"), cc.url(), cc.url() + "/uaa", ACCESS, REFRESH, StubCloudController.ORG,
                StubCloudController.SPACE);
        env.put("CF_HOME", dir.resolve("cf-home").toString());
    }

    @AfterEach
    void stop() {
        cc.close();
    }

    /** Runs cf-deploy with {@code --target cf}; whatever happens, no line it prints holds a token or password. */
    CfDeployProcess.Result cfDeploy(String... args) throws Exception {
        return cfDeploy(dir, env, cc::calls, args);
    }

    /**
     * Runs cf-deploy in {@code dir} with {@code --target cf}, logged in with this class's tokens, against a stub
     * Cloud Controller whose journal {@code calls} gives: no line it prints holds a token or password, and it makes no
     * /v2/ call.
     */
    static CfDeployProcess.Result cfDeploy(Path dir, Map<String, String> env, Supplier<List<String>> calls,
            String... args) throws Exception {
        String[] withTarget = new String[args.length + 2];
        System.arraycopy(args, 0, withTarget, 0, args.length);
        withTarget[args.length] = "--target";
        withTarget[args.length + 1] = "cf";
        CfDeployProcess.Result result = CfDeployProcess.run(dir, env, withTarget);
        for (String line : result.lines()) {
            assertThat(line).doesNotContain(ACCESS, REFRESH, REFRESHED_ACCESS, REFRESHED_REFRESH, "s3cr3t-pa55")
                    .doesNotContainIgnoringCase("authorization").doesNotContainIgnoringCase("bearer");
        }
        assertThat(calls.get()).noneMatch(call -> call.contains("/v2/"));
        return result;
    }

    /** The calls that change something: every one but GET. */
    List<String> changes() {
        return cc.calls().stream().filter(c -> !c.startsWith("GET ")).toList();
    }

    LoggedRequest request(String call) {
        return cc.requests().stream().filter(r -> (r.getMethod().getName() + " " + r.getUrl()).equals(call))
                .findFirst().orElseThrow(() -> new AssertionError("no call " + call + " in " + cc.calls()));
    }

    static final String ORG_CALL = "GET /v3/organizations?names=org1";
    static final String SPACE_CALL = "GET /v3/spaces?names=space1&organization_guids=" + StubCloudController.ORG_GUID;
    static final String APPS_CALL = "GET /v3/apps?space_guids=" + StubCloudController.SPACE_GUID + "&page=1";

    static String appByName(String name) {
        return "GET /v3/apps?names=" + name + "&space_guids=" + StubCloudController.SPACE_GUID;
    }
}
