package io.cfkit.cfdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfkit.cfdeploy.pipeline.PipelineValidator.Step;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Offline checks of pipelines/deploy-kit.yml and ci-tasks/, since neither fly nor Concourse runs here:
 * what {@code fly validate-pipeline --strict} would reject (see {@link PipelineValidator}), what it never
 * reads (the task files), and the kit's own rules (vars, secrets, the cf push steps against the manifests).
 */
class ConcoursePipelineTest {

    /** Surefire runs in cf-deploy-cli/, so the repository is its parent. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path PIPELINE = ROOT.resolve("pipelines/deploy-kit.yml");
    static final Path VARS = ROOT.resolve("pipelines/vars.example.yml");
    static final Path TASKS = ROOT.resolve("ci-tasks");

    private static final Pattern SECRET_NAME = Pattern.compile(".*(password|private-key|secret|token).*");

    private static final PipelineValidator VALIDATOR = new PipelineValidator(ROOT);

    private final JsonNode pipeline = YamlFile.read(PIPELINE).root();

    /** `cf-deploy pipeline validate --strict` on every pipeline of pipelines/, with the example vars. */
    @Test
    void everyPipelinePassesTheChecksOfFlyValidatePipelineStrict() throws IOException {
        List<Path> pipelines;
        try (Stream<Path> files = Files.list(ROOT.resolve("pipelines"))) {
            pipelines = files.filter(p -> p.toString().endsWith(".yml") && !p.getFileName().toString().startsWith("vars"))
                    .sorted().toList();
        }
        assertThat(pipelines).contains(PIPELINE);
        PipelineVars vars = PipelineVars.read(List.of(VARS));
        for (Path file : pipelines) {
            assertThat(VALIDATOR.validate(YamlFile.read(file), vars, true)).as(file.toString()).isEmpty();
        }
    }

    @Test
    void everyJobIsSerial() {
        for (JsonNode job : pipeline.path("jobs")) {
            assertThat(job.path("serial").asBoolean(false)).as("job %s serial", job.path("name").asText()).isTrue();
        }
    }

    @Test
    void jobsDeployInOrderFromTheCommitThatPassedTheTests() {
        Map<String, List<String>> passed = new LinkedHashMap<>();
        for (JsonNode job : pipeline.path("jobs")) {
            List<String> upstream = new ArrayList<>();
            for (Step step : PipelineValidator.steps(job)) {
                if (step.kind().equals("get") && step.resource().equals("kit")) {
                    assertThat(step.node().path("trigger").asBoolean(false)).as("%s triggers on kit", step.job()).isTrue();
                    step.node().path("passed").forEach(p -> upstream.add(p.asText()));
                }
            }
            passed.put(job.path("name").asText(), upstream);
        }
        assertThat(passed).containsExactly(
                Map.entry("build-and-test", List.of()),
                Map.entry("deploy-platform-services", List.of("build-and-test")),
                Map.entry("deploy-helloworld-service", List.of("deploy-platform-services")),
                Map.entry("deploy-edge-gateway", List.of("deploy-platform-services", "deploy-helloworld-service")));

        assertThat(taskSteps("build-and-test")).extracting(s -> s.node().path("file").asText())
                .containsExactly("kit/ci-tasks/build-and-test.yml");
        assertThat(pushedManifests("deploy-platform-services"))
                .containsExactly("manifests/config-server.yml", "manifests/discovery-service.yml");
        assertThat(pushedManifests("deploy-helloworld-service")).containsExactly("manifests/helloworld-service.yml");
        assertThat(pushedManifests("deploy-edge-gateway")).containsExactly("manifests/edge-gateway.yml");

        List<Step> policies = taskSteps("deploy-edge-gateway").stream()
                .filter(s -> s.node().path("file").asText().equals("kit/ci-tasks/cf-network-policy.yml")).toList();
        assertThat(policies).hasSize(1);
        JsonNode params = policies.get(0).node().path("params");
        assertThat(List.of(params.path("SOURCE_APP").asText(), params.path("DESTINATION_APP").asText(),
                params.path("POLICY_PORT").asText(), params.path("POLICY_PROTOCOL").asText()))
                .containsExactly("edge-gateway", "helloworld-service", "8080", "tcp");
    }

    /** fly would leave an undefined var for the credential manager; here each one must be accounted for. */
    @Test
    void everyVarIsInVarsExampleAsAValueOrAsACredentialManagerSecret() throws IOException {
        Set<String> used = PipelineVars.namesIn(pipeline);
        PipelineVars vars = PipelineVars.read(List.of(VARS));
        Set<String> valued = vars.valued();
        Set<String> fromCredentialManager = vars.fromCredentialManager();

        assertThat(used).as("vars of the pipeline").isNotEmpty();
        Set<String> undefined = new TreeSet<>(used);
        undefined.removeAll(valued);
        undefined.removeAll(fromCredentialManager);
        assertThat(undefined).as("vars used by the pipeline but not in vars.example.yml").isEmpty();

        Set<String> unused = new TreeSet<>(valued);
        unused.addAll(fromCredentialManager);
        unused.removeAll(used);
        assertThat(unused).as("vars in vars.example.yml that the pipeline does not use").isEmpty();

        assertThat(valued).as("secrets given a value in vars.example.yml (they belong in the credential manager)")
                .noneMatch(name -> SECRET_NAME.matcher(name).matches())
                .doesNotContainAnyElementsOf(fromCredentialManager);
        assertThat(fromCredentialManager).as("credential manager vars")
                .contains("git-private-key", "cf-password");
    }

    /** Concourse's style: ci-tasks/NAME.yml runs ci-tasks/NAME.sh, and the script reads every param. */
    @Test
    void everyTaskFileRunsTheScriptBesideItWhichReadsEveryParam() throws IOException {
        List<Path> taskFiles = taskFiles();
        assertThat(taskFiles).isNotEmpty();
        for (Path taskFile : taskFiles) {
            JsonNode config = read(taskFile);
            String where = ROOT.relativize(taskFile).toString();
            assertThat(VALIDATOR.validateTaskConfig(YamlFile.read(taskFile), config, where)).as(where).isEmpty();

            Path script = VALIDATOR.script(config);
            String name = taskFile.getFileName().toString().replaceFirst("\\.yml$", "");
            assertThat(script).as("%s run.path", where).isEqualTo(TASKS.resolve(name + ".sh"));
            String text = Files.readString(script);
            for (String param : PipelineValidator.fieldNames(config.path("params"))) {
                assertThat(text).as("%s reads param %s", ROOT.relativize(script), param).contains(param);
            }
        }
        try (Stream<Path> scripts = Files.list(TASKS)) {
            assertThat(scripts.filter(p -> p.toString().endsWith(".sh")))
                    .as("every script has its task file")
                    .allMatch(p -> Files.exists(Path.of(p.toString().replaceFirst("\\.sh$", ".yml"))));
        }
    }

    @Test
    void scriptsAreStrictAndNeverTraceSecrets() throws IOException {
        try (Stream<Path> files = Files.list(TASKS)) {
            for (Path script : files.filter(p -> p.toString().endsWith(".sh")).toList()) {
                String text = Files.readString(script);
                assertThat(text).as(script.getFileName().toString())
                        .startsWith("#!/usr/bin/env bash\n")
                        .contains("\nset -euo pipefail\n")
                        .doesNotContainPattern("(?m)^[^#\\n]*\\bset\\s+-[a-z]*x")
                        .doesNotContainPattern("(?m)^[^#\\n]*(xtrace|bash\\s+-[a-z]*x)");
            }
        }
        String push = Files.readString(TASKS.resolve("cf-push.sh"));
        assertThat(push).as("cf push prints its manifest: env values must be redacted").contains("cf push --redact-env");
    }

    /** Task images are pinned: a floating tag changes the build under the pipeline's feet. */
    @Test
    void taskImagesArePinned() throws IOException {
        for (Path taskFile : taskFiles()) {
            JsonNode source = read(taskFile).path("image_resource").path("source");
            assertThat(source.path("tag").asText()).as("%s image tag", taskFile.getFileName())
                    .isNotEmpty().isNotEqualTo("latest");
        }
    }

    /**
     * Each cf-push step gives its manifest every ((var)) it needs: non-secret ones in MANIFEST_VARS, secrets
     * as params that cf-push.sh turns into --var lower-case-dashed-name=value.
     */
    @Test
    void everyCfPushStepProvidesEveryVarOfItsManifest() throws IOException {
        JsonNode pushTask = read(TASKS.resolve("cf-push.yml"));
        Set<String> secretParams = new TreeSet<>();
        for (String param : PipelineValidator.fieldNames(pushTask.path("params"))) {
            if (param.endsWith("_PASSWORD") && !param.startsWith("CF_")) {
                secretParams.add(param);
            }
        }
        assertThat(secretParams).isNotEmpty();

        int pushes = 0;
        for (JsonNode job : pipeline.path("jobs")) {
            for (Step step : PipelineValidator.steps(job)) {
                if (!step.node().path("file").asText().equals("kit/ci-tasks/cf-push.yml")) {
                    continue;
                }
                pushes++;
                JsonNode params = step.node().path("params");
                String manifest = params.path("APP_MANIFEST").asText();
                Path manifestFile = ROOT.resolve(manifest);
                assertThat(manifestFile).as("%s APP_MANIFEST", step.name()).isRegularFile();

                Set<String> provided = new HashSet<>();
                // ((vars)) of the pipeline inside MANIFEST_VARS become plain values for this parse
                String manifestVars = params.path("MANIFEST_VARS").asText().replaceAll("\\(\\(([^()]+)\\)\\)", "$1");
                JsonNode vars = YamlFile.parse(manifestVars.isBlank() ? "{}" : manifestVars, "MANIFEST_VARS").root();
                assertThat(vars.isObject()).as("%s MANIFEST_VARS is a YAML mapping", step.name()).isTrue();
                provided.addAll(PipelineValidator.fieldNames(vars));
                for (String param : PipelineValidator.fieldNames(params)) {
                    if (secretParams.contains(param)) {
                        provided.add(param.toLowerCase(Locale.ROOT).replace('_', '-'));
                    }
                }
                Set<String> needed = PipelineVars.namesIn(Files.readString(manifestFile));
                assertThat(provided).as("%s gives %s its vars", step.name(), manifest).containsAll(needed);
                assertThat(vars.toString()).as("%s MANIFEST_VARS holds no secret", step.name())
                        .doesNotContainPattern("(?i)password|private|secret|token");
            }
        }
        assertThat(pushes).isEqualTo(4);
    }

    private static JsonNode read(Path file) {
        return YamlFile.read(file).root();
    }

    private List<Path> taskFiles() throws IOException {
        try (Stream<Path> files = Files.list(TASKS)) {
            return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private List<Step> taskSteps(String jobName) {
        for (JsonNode job : pipeline.path("jobs")) {
            if (job.path("name").asText().equals(jobName)) {
                return PipelineValidator.steps(job).stream().filter(s -> s.kind().equals("task")).toList();
            }
        }
        throw new AssertionError("no job " + jobName);
    }

    private List<String> pushedManifests(String jobName) {
        return taskSteps(jobName).stream()
                .filter(s -> s.node().path("file").asText().equals("kit/ci-tasks/cf-push.yml"))
                .map(s -> s.node().path("params").path("APP_MANIFEST").asText())
                .toList();
    }

}
