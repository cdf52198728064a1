package io.cfkit.cfdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfkit.cfdeploy.CfDeploy;
import io.cfkit.cfdeploy.pipeline.PipelineValidator.Step;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The kit's pipelines and ci-tasks/, checked as fly would (it cannot run here) and against the kit's own rules:
 * the release order through passed:, one serial group for the foundation, vars and secrets, the scripts.
 */
class ConcoursePipelineTest {

    /** Surefire runs in cf-deploy-cli/, so the repository is its parent. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path PIPELINE = ROOT.resolve("pipelines/deploy-kit.yml");
    static final Path VARS = ROOT.resolve("pipelines/vars.example.yml");
    static final Path TASKS = ROOT.resolve("ci-tasks");

    private static final Pattern SECRET_NAME = Pattern.compile(".*(password|private-key|secret|token|access-key).*");
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

    /** Broken variants of the kit's pipeline fail `cf-deploy pipeline validate` with the rule they break. */
    @Test
    void brokenVariantsOfThePipelineAreRejectedWithTheRuleTheyBreak(@TempDir Path dir) throws IOException {
        String text = Files.readString(PIPELINE);
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("unused-resource", text.replace("resources:\n", "resources:\n- name: nightly\n  type: time\n"
                + "  source: {interval: 24h}\n"));
        broken.put("passed-unknown-job", text.replace("passed: [canary]", "passed: [canary-job]"));
        // deploy-platform-services no longer gets jars, which deploy-green takes as passed through it
        broken.put("passed-resource", text.replace("    - get: jars\n      passed: [build-and-test]\n", ""));
        broken.put("task-file-or-config", text.replace("    file: kit/ci-tasks/promote.yml\n",
                "    file: kit/ci-tasks/promote.yml\n    config: {platform: linux, run: {path: \"true\"}}\n"));
        broken.put("task-file-missing", text.replace("kit/ci-tasks/promote.yml", "kit/ci-tasks/promotion.yml"));
        for (Map.Entry<String, String> variant : broken.entrySet()) {
            assertThat(variant.getValue()).as(variant.getKey()).isNotEqualTo(text);
            Path file = Files.writeString(dir.resolve(variant.getKey() + ".yml"), variant.getValue());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = CfDeploy.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute("pipeline", "validate", file.toString(), "--repository", ROOT.toString());
            assertThat(exit).as(variant.getKey() + ": " + out).isEqualTo(CfDeploy.USER_ERROR);
            assertThat(out.toString()).as(variant.getKey()).containsPattern(
                    Pattern.quote(file.toString()) + ":\\d+: error \\[" + variant.getKey() + "\\] ");
        }
        Path vars = Files.writeString(dir.resolve("vars.yml"), "git-uri: x\n");
        StringWriter out = new StringWriter();
        CommandLine cli = CfDeploy.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("pipeline", "validate", PIPELINE.toString(), "-l", vars.toString())).isZero();
        assertThat(cli.execute("pipeline", "validate", PIPELINE.toString(), "-l", vars.toString(), "--strict"))
                .isEqualTo(CfDeploy.USER_ERROR);
        assertThat(out.toString()).contains(PIPELINE + ":25: error [undefined-var] ((git-branch)) is in no vars file");
    }

    /** Each job takes the version and the jars that passed the job before it; rollback is run by hand. */
    @Test
    void jobsCarryTheTestedJarsThroughPassedInReleaseOrder() {
        Map<String, List<String>> upstream = new LinkedHashMap<>();
        Map<String, Boolean> triggered = new LinkedHashMap<>();
        for (JsonNode job : pipeline.path("jobs")) {
            String name = job.path("name").asText();
            Map<String, List<String>> passedOf = new LinkedHashMap<>();
            boolean trigger = false;
            for (Step step : PipelineValidator.steps(job)) {
                if (step.kind().equals("get")) {
                    List<String> passed = new ArrayList<>();
                    step.node().path("passed").forEach(p -> passed.add(p.asText()));
                    passedOf.put(step.resource(), passed);
                    trigger |= step.node().path("trigger").asBoolean(false);
                }
            }
            if (!name.equals("build-and-test")) {
                assertThat(passedOf.keySet()).as("%s gets", name).containsExactlyInAnyOrder("version", "jars", "kit");
                assertThat(new HashSet<>(passedOf.values())).as("%s: one passed: for all its gets", name).hasSize(1);
            }
            upstream.put(name, passedOf.getOrDefault("version", List.of()));
            triggered.put(name, trigger);
        }
        assertThat(upstream).containsExactly(
                Map.entry("build-and-test", List.of()),
                Map.entry("deploy-platform-services", List.of("build-and-test")),
                Map.entry("deploy-green", List.of("deploy-platform-services")),
                Map.entry("canary", List.of("deploy-green")),
                Map.entry("promote", List.of("canary")),
                Map.entry("switch-edge-gateway", List.of("promote")),
                Map.entry("rollback", List.of("deploy-green")));
        assertThat(triggered).containsEntry("rollback", false)
                .allSatisfy((job, trigger) -> assertThat(trigger || job.equals("rollback")).as(job).isTrue());
        assertThat(puts("build-and-test")).containsExactly("jars", "version");
    }

    @Test
    void jobsThatChangeTheFoundationShareOneSerialGroup() {
        for (JsonNode job : pipeline.path("jobs")) {
            String name = job.path("name").asText();
            if (name.equals("build-and-test")) {
                assertThat(job.path("serial").asBoolean(false)).as(name).isTrue();
            } else {
                assertThat(job.path("serial_groups").toString()).as(name).isEqualTo("[\"foundation\"]");
            }
        }
    }

    /** The target params are written once (an anchor) and reach every task that deploys, with the same values. */
    @Test
    void everyDeployTaskGetsTheSameTargetParams() throws IOException {
        JsonNode first = null;
        int tasks = 0;
        for (JsonNode job : pipeline.path("jobs")) {
            for (Step step : PipelineValidator.steps(job)) {
                if (!step.kind().equals("task") || step.job().equals("build-and-test")) {
                    continue;
                }
                tasks++;
                JsonNode target = step.node().path("params").deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) target).retain(
                        List.of("CF_DEPLOY_TARGET", "CF_API", "CF_USERNAME", "CF_PASSWORD", "CF_ORG", "CF_SPACE",
                                "CF_SKIP_SSL_VALIDATION"));
                assertThat(target.size()).as(step.name()).isEqualTo(7);
                if (first == null) {
                    first = target;
                }
                assertThat(target).as(step.name()).isEqualTo(first);
            }
        }
        assertThat(tasks).isEqualTo(6);
        String text = Files.readString(PIPELINE);
        assertThat(text.split("\\(\\(cf-password\\)\\)", -1)).as("((cf-password)) written once").hasSize(2);
    }

    /** fly would leave an undefined var for the credential manager; here each one must be accounted for. */
    @Test
    void everyVarIsInVarsExampleAsAValueOrAsACredentialManagerSecret() {
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
                .contains("git-private-key", "cf-password", "artefact-secret-access-key");
    }

    /** deploy-platform-services gives the manifests it pushes every ((var)) they need; no secret in plain sight. */
    @Test
    void thePlatformServicesGetEveryVarOfTheirManifests() throws IOException {
        Step step = taskSteps("deploy-platform-services").get(0);
        JsonNode params = step.node().path("params");
        // ((vars)) of the pipeline inside MANIFEST_VARS become plain values for this parse
        String manifestVars = params.path("MANIFEST_VARS").asText().replaceAll("\\(\\(([^()]+)\\)\\)", "$1");
        JsonNode vars = YamlFile.parse(manifestVars, "MANIFEST_VARS").root();
        Set<String> provided = new HashSet<>(PipelineValidator.fieldNames(vars));
        for (String param : PipelineValidator.fieldNames(params)) {
            if (param.endsWith("_PASSWORD") && !param.startsWith("CF_")) {
                provided.add(param.toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        for (String app : List.of("config-server", "discovery-service")) {
            Set<String> needed = PipelineVars.namesIn(Files.readString(ROOT.resolve("manifests/" + app + ".yml")));
            assertThat(provided).as("vars of %s", app).containsAll(needed);
        }
        assertThat(vars.toString()).as("MANIFEST_VARS holds no secret")
                .doesNotContainPattern("(?i)password|private|secret|token");
    }

    /** Concourse's style: ci-tasks/NAME.yml runs ci-tasks/NAME.sh, and the script reads every param. */
    @Test
    void everyTaskFileRunsTheScriptBesideItWhichReadsEveryParam() throws IOException {
        List<Path> taskFiles = taskFiles();
        assertThat(taskFiles).isNotEmpty();
        String helper = Files.readString(TASKS.resolve("lib/cf-deploy-target.sh"));
        for (Path taskFile : taskFiles) {
            YamlFile file = YamlFile.read(taskFile);
            JsonNode config = file.root();
            String where = ROOT.relativize(taskFile).toString();
            assertThat(VALIDATOR.validateTaskConfig(file, config, where)).as(where).isEmpty();

            Path script = VALIDATOR.script(config);
            String name = taskFile.getFileName().toString().replaceFirst("\\.yml$", "");
            assertThat(script).as("%s run.path", where).isEqualTo(TASKS.resolve(name + ".sh"));
            String text = Files.readString(script) + helper;
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
        for (Path script : scripts()) {
            String text = Files.readString(script);
            if (!script.getParent().endsWith("lib")) {
                assertThat(text).as(script.getFileName().toString())
                        .startsWith("#!/usr/bin/env bash\n")
                        .contains("\nset -euo pipefail\n");
            }
            assertThat(text).as(script.getFileName().toString())
                    .doesNotContainPattern("(?m)^[^#\\n]*\\bset\\s+-[a-z]*x")
                    .doesNotContainPattern("(?m)^[^#\\n]*(xtrace|bash\\s+-[a-z]*x)");
        }
    }

    /** shellcheck, when the machine has it (apt-get install shellcheck), finds nothing in any script. */
    @Test
    void scriptsAreShellcheckClean() throws Exception {
        assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "shellcheck"))),
                "shellcheck is not installed");
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
        scripts().forEach(s -> command.add(ROOT.relativize(s).toString()));
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** Task images are pinned: a floating tag changes the build under the pipeline's feet. */
    @Test
    void taskImagesArePinned() throws IOException {
        for (Path taskFile : taskFiles()) {
            JsonNode source = YamlFile.read(taskFile).root().path("image_resource").path("source");
            assertThat(source.path("tag").asText()).as("%s image tag", taskFile.getFileName())
                    .isNotEmpty().isNotEqualTo("latest");
        }
    }

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.walk(TASKS)) {
            return files.filter(p -> p.toString().endsWith(".sh")).sorted().toList();
        }
    }

    private List<Path> taskFiles() throws IOException {
        try (Stream<Path> files = Files.list(TASKS)) {
            return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private JsonNode job(String name) {
        for (JsonNode job : pipeline.path("jobs")) {
            if (job.path("name").asText().equals(name)) {
                return job;
            }
        }
        throw new AssertionError("no job " + name);
    }

    private List<Step> taskSteps(String jobName) {
        return PipelineValidator.steps(job(jobName)).stream().filter(s -> s.kind().equals("task")).toList();
    }

    private List<String> puts(String jobName) {
        return PipelineValidator.steps(job(jobName)).stream().filter(s -> s.kind().equals("put")).map(Step::resource)
                .toList();
    }
}
