package io.cfkit.cfdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cf tasks' scripts run as Concourse would run them (one folder per input, params in the environment),
 * with a stub `cf` on the PATH that records its arguments: what reaches cf, what the log shows, how they fail.
 */
class CfTaskScriptsTest {

    private static final String STUB = """
            #!/usr/bin/env bash
            printf '%s\\n' "$*" >> "$CF_STUB_LOG"
            case "$1" in
              auth) echo "auth as $CF_USERNAME with a password of ${#CF_PASSWORD} characters" >> "$CF_STUB_LOG" ;;
              push)
                while [ $# -gt 0 ]; do
                  case "$1" in
                    -f) manifest="$2"; shift ;;
                    --vars-file) cp "$2" "$CF_STUB_LOG.vars"; shift ;;
                  esac
                  shift
                done
                app="$(basename "$manifest" .yml)"
                if [ -f "$(dirname "$manifest")/../apps/$app/target/$app.jar" ]; then echo "jar found" >> "$CF_STUB_LOG"; fi ;;
            esac
            """;

    private static final String SECRET = "s3cret-value";

    @TempDir
    Path work;

    private Path log;

    @BeforeEach
    void concourseLayout() throws IOException {
        Files.createSymbolicLink(work.resolve("kit"), ConcoursePipelineTest.ROOT);
        Path jar = work.resolve("jars/apps/config-server/target/config-server.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not really a jar");
        Path cf = work.resolve("bin/cf");
        Files.createDirectories(cf.getParent());
        Files.writeString(cf, STUB);
        Files.setPosixFilePermissions(cf, PosixFilePermissions.fromString("rwxr-xr-x"));
        log = work.resolve("cf.log");
    }

    private Map<String, String> pushParams() {
        Map<String, String> params = new HashMap<>(Map.of(
                "CF_API", "https://api.sys.example.test",
                "CF_USERNAME", "deployer",
                "CF_PASSWORD", SECRET + "-cf",
                "CF_ORG", "org",
                "CF_SPACE", "space",
                "CF_SKIP_SSL_VALIDATION", "false",
                "APP_MANIFEST", "manifests/config-server.yml",
                "MANIFEST_VARS", "bind-address: \"0.0.0.0\"\nconfig-server-route: \"cs.example.test\"\n",
                "CONFIG_SERVER_PASSWORD", SECRET + "-1",
                "CONFIG_REPO_PASSWORD", SECRET + "-2"));
        params.put("EUREKA_PASSWORD", "");
        params.put("ADMIN_PASSWORD", "");
        return params;
    }

    record Run(int exit, String output, List<String> cfCalls) {
    }

    private Run run(String script, Map<String, String> params) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ConcoursePipelineTest.ROOT.resolve("ci-tasks/" + script).toString())
                .directory(work.toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", work.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("HOME", work.toString());
        pb.environment().put("CF_STUB_LOG", log.toString());
        pb.environment().putAll(params);
        Process process = pb.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new Run(process.exitValue(), output, calls);
    }

    @Test
    void pushesTheManifestBesideTheJarsWithVarsFileAndSecretsAsVars() throws Exception {
        Run run = run("cf-push.sh", pushParams());

        assertThat(run.exit()).as(run.output()).isZero();
        String vars = Files.readString(Path.of(log + ".vars"));
        assertThat(run.cfCalls()).hasSize(6);
        assertThat(run.cfCalls().get(0)).isEqualTo("api https://api.sys.example.test");
        assertThat(run.cfCalls().get(1)).isEqualTo("auth");
        assertThat(run.cfCalls().get(2)).isEqualTo("auth as deployer with a password of 15 characters");
        assertThat(run.cfCalls().get(3)).isEqualTo("target -o org -s space");
        assertThat(run.cfCalls().get(4)).matches("push --redact-env -f \\S+/manifests/config-server\\.yml"
                + " --vars-file \\S+/vars\\.yml"
                + " --var config-server-password=" + SECRET + "-1 --var config-repo-password=" + SECRET + "-2");
        assertThat(run.cfCalls().get(5)).isEqualTo("jar found");
        assertThat(vars).isEqualTo("bind-address: \"0.0.0.0\"\nconfig-server-route: \"cs.example.test\"\n\n");
        assertThat(run.output()).as("the task's log").doesNotContain(SECRET).contains("config-server-route");
    }

    @Test
    void skipsTlsVerificationOnlyWhenAskedTo() throws Exception {
        Map<String, String> params = pushParams();
        params.put("CF_SKIP_SSL_VALIDATION", "true");
        Run run = run("cf-push.sh", params);
        assertThat(run.exit()).isZero();
        assertThat(run.cfCalls().get(0)).isEqualTo("api https://api.sys.example.test --skip-ssl-validation");
        assertThat(run.output()).contains("WARNING");

        params.put("CF_SKIP_SSL_VALIDATION", "yes");
        Files.delete(log);
        run = run("cf-push.sh", params);
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).isEqualTo("cf-push: CF_SKIP_SSL_VALIDATION must be true or false, not 'yes'\n");
        assertThat(run.cfCalls()).isEmpty();
    }

    @Test
    void aMissingParamFailsWithOneLineBeforeAnyCfCall() throws Exception {
        for (String param : List.of("CF_API", "CF_USERNAME", "CF_PASSWORD", "CF_ORG", "CF_SPACE", "APP_MANIFEST")) {
            Map<String, String> params = pushParams();
            params.put(param, "");
            Run run = run("cf-push.sh", params);
            assertThat(run.exit()).isNotZero();
            assertThat(run.output()).isEqualTo("cf-push: missing required param " + param + "\n");
            assertThat(run.cfCalls()).isEmpty();
        }
        Map<String, String> params = pushParams();
        params.put("APP_MANIFEST", "manifests/nothing.yml");
        assertThat(run("cf-push.sh", params).output())
                .isEqualTo("cf-push: APP_MANIFEST manifests/nothing.yml is not a file of the kit\n");
    }

    @Test
    void addsTheNetworkPolicy() throws Exception {
        Map<String, String> params = new HashMap<>(pushParams());
        params.keySet().removeIf(k -> !k.startsWith("CF_"));
        params.putAll(Map.of("SOURCE_APP", "edge-gateway", "DESTINATION_APP", "helloworld-service",
                "POLICY_PORT", "8080", "POLICY_PROTOCOL", "tcp"));
        Run run = run("cf-network-policy.sh", params);

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.cfCalls()).containsExactly(
                "api https://api.sys.example.test",
                "auth",
                "auth as deployer with a password of 15 characters",
                "target -o org -s space",
                "add-network-policy edge-gateway helloworld-service --port 8080 --protocol tcp");
        assertThat(run.output()).doesNotContain(SECRET);

        params.put("DESTINATION_APP", "");
        Files.delete(log);
        run = run("cf-network-policy.sh", params);
        assertThat(run.output()).isEqualTo("cf-network-policy: missing required param DESTINATION_APP\n");
        assertThat(run.cfCalls()).isEmpty();
    }

    @Test
    void buildAndTestFailsWithOneLineWithoutItsInput() throws Exception {
        Files.delete(work.resolve("kit"));
        Run run = run("build-and-test.sh", Map.of("SKIP_TESTS", "true"));
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).isEqualTo("build-and-test: input 'kit' is missing\n");
    }
}
