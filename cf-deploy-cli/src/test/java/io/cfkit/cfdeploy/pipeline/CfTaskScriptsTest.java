package io.cfkit.cfdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy tasks' scripts run as Concourse runs them (one folder per input, params in the environment), with
 * a stub for what cannot run here, `java` (records the cf-deploy command line): what reaches it, what the log
 * shows, how bad params fail. No `cf` is on the PATH: cf-deploy logs in itself.
 */
class CfTaskScriptsTest {

    private static final String STUB = """
            #!/usr/bin/env bash
            printf '%s %s\\n' "$(basename "$0")" "$*" >> "$STUB_LOG"
            echo "user $CF_USERNAME with a password of ${#CF_PASSWORD} characters in the environment" >> "$STUB_LOG"
            """;

    private static final String SECRET = "s3cret-value";

    @TempDir
    Path work;

    private Path log;

    @BeforeEach
    void concourseLayout() throws Exception {
        Files.createSymbolicLink(work.resolve("kit"), ConcoursePipelineTest.ROOT);
        Files.createDirectories(work.resolve("version"));
        Files.writeString(work.resolve("version/version"), "0.1.7\n");
        Path packed = work.resolve("packed");
        Files.createDirectories(packed.resolve("apps/helloworld-service/target"));
        Files.writeString(packed.resolve("apps/helloworld-service/target/helloworld-service.jar"), "not really a jar");
        Files.writeString(packed.resolve("cf-deploy.jar"), "not really a jar");
        Files.createDirectories(work.resolve("jars"));
        Process tar = new ProcessBuilder("tar", "-czf", work.resolve("jars/cf-deployment-kit-0.1.7.tgz").toString(),
                "-C", packed.toString(), ".").start();
        assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path stub = work.resolve("bin/java");
        Files.createDirectories(stub.getParent());
        Files.writeString(stub, STUB);
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        log = work.resolve("stub.log");
    }

    private Map<String, String> cfParams() {
        return new HashMap<>(Map.of(
                "CF_DEPLOY_TARGET", "cf",
                "CF_API", "https://api.sys.example.test",
                "CF_USERNAME", "deployer",
                "CF_PASSWORD", SECRET,
                "CF_ORG", "org",
                "CF_SPACE", "space",
                "CF_SKIP_SSL_VALIDATION", "false",
                "CONFIG_REPO_USERNAME", "git-user",
                "CONFIG_REPO_PASSWORD", SECRET + "-git",
                "APP", "helloworld-service"));
    }

    record Run(int exit, String output, List<String> calls) {
    }

    private Run run(String script, Map<String, String> params) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ConcoursePipelineTest.ROOT.resolve("ci-tasks/" + script).toString())
                .directory(work.toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", work.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("HOME", work.toString());
        pb.environment().put("STUB_LOG", log.toString());
        pb.environment().put("TMPDIR", Files.createDirectories(work.resolve("tmp")).toString());
        pb.environment().putAll(params);
        Process process = pb.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new Run(process.exitValue(), output, calls);
    }

    @Test
    void onCloudFoundryTheBuildsCfDeployLogsInWithTheTargetAndThePasswordFromTheEnvironment() throws Exception {
        Map<String, String> params = cfParams();
        params.put("GREEN_ENV", "FAULT_ERRORRATE=0.3\n");
        Run run = run("deploy-green.sh", params);

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls()).hasSize(2);
        assertThat(run.calls().get(0)).matches("java -jar \\S+/cf-deploy\\.jar deploy --target cf"
                + " --api https://api\\.sys\\.example\\.test --org org --space space helloworld-service"
                + " --version v0-1-7 --path \\S+/apps/helloworld-service/target/helloworld-service\\.jar"
                + " --env FAULT_ERRORRATE=0\\.3");
        assertThat(run.calls().get(1)).isEqualTo("user deployer with a password of 12 characters in the environment");
        assertThat(run.output()).as("the task's log").doesNotContain(SECRET)
                .contains("deploy-green: cf-deploy deploy helloworld-service --version v0-1-7");
        assertThat(work.resolve("tmp")).as("the unpacked jars are removed").isEmptyDirectory();
    }

    @Test
    void locallyTheTaskRunsCfDeployWithoutLogin() throws Exception {
        Map<String, String> params = Map.of("CF_DEPLOY_TARGET", "local", "APP", "helloworld-service",
                "CANARY_STEPS", "10,50,100", "CANARY_INTERVAL", "5s", "MAX_ERROR_RATE", "1%", "MAX_P99_RATIO", "3");
        Run run = run("canary.sh", params);

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls()).hasSize(2);
        assertThat(run.calls().get(0)).matches("java -jar \\S+/cf-deploy\\.jar canary helloworld-service"
                + " --steps 10,50,100 --interval 5s --max-error-rate 1% --max-p99-ratio 3");
        assertThat(work.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void skipsTlsVerificationOnlyWhenAskedTo() throws Exception {
        Map<String, String> params = cfParams();
        params.put("CF_SKIP_SSL_VALIDATION", "true");
        Run run = run("promote.sh", params);
        assertThat(run.exit()).isZero();
        assertThat(run.calls().get(0)).matches("java -jar \\S+/cf-deploy\\.jar promote --target cf --api \\S+ --org org"
                + " --space space --skip-ssl-validation helloworld-service");
        assertThat(run.output()).contains("WARNING");

        params.put("CF_SKIP_SSL_VALIDATION", "yes");
        Files.delete(log);
        run = run("promote.sh", params);
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).isEqualTo("promote: CF_SKIP_SSL_VALIDATION must be true or false, not 'yes'\n");
        assertThat(run.calls()).isEmpty();
    }

    @Test
    void aMissingParamOrTargetFailsWithOneLineBeforeAnyCall() throws Exception {
        for (String param : List.of("CF_API", "CF_USERNAME", "CF_PASSWORD", "CF_ORG", "CF_SPACE", "CONFIG_REPO_USERNAME",
                "CONFIG_REPO_PASSWORD", "APP")) {
            Map<String, String> params = cfParams();
            params.put(param, "");
            Run run = run("rollback.sh", params);
            assertThat(run.exit()).isNotZero();
            assertThat(run.output()).isEqualTo("rollback: missing required param " + param + "\n");
            assertThat(run.calls()).as(param).allMatch(call -> !call.startsWith("java"));
            Files.deleteIfExists(log);
        }
        Map<String, String> params = cfParams();
        params.put("CF_DEPLOY_TARGET", "heroku");
        Run run = run("rollback.sh", params);
        assertThat(run.output()).isEqualTo("rollback: CF_DEPLOY_TARGET must be cf or local, not 'heroku'\n");
        assertThat(run.calls()).isEmpty();
    }

    @Test
    void aGreenEnvLineThatIsNotNameValueFails() throws Exception {
        Map<String, String> params = cfParams();
        params.put("CF_DEPLOY_TARGET", "local");
        params.put("GREEN_ENV", "FAULT_ERRORRATE 0.3");
        Run run = run("deploy-green.sh", params);
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).isEqualTo("deploy-green: GREEN_ENV line 'FAULT_ERRORRATE 0.3' is not NAME=VALUE\n");
        assertThat(run.calls()).isEmpty();
    }

    @Test
    void buildAndTestFailsWithOneLineWithoutItsInput() throws Exception {
        Files.delete(work.resolve("kit"));
        Run run = run("build-and-test.sh", Map.of("SKIP_TESTS", "true"));
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).isEqualTo("build-and-test: input 'kit' is missing\n");
    }
}
