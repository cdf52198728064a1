package io.cfkit.cfdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule of {@link PipelineValidator} fires on a pipeline that breaks it, only then, and names its line. */
class PipelineValidatorTest {

    private static final String VALID = """
            resources:
            - name: repo
              type: git
              source: {uri: ((git-uri))}
            - name: other
              type: git
              source: {uri: x}
            jobs:
            - name: build
              serial: true
              plan:
              - get: repo
                trigger: true
              - get: other
              - task: unit
                file: repo/ci/unit.yml
                params: {GOAL: verify}
            - name: deploy
              plan:
              - in_parallel:
                - get: repo
                  passed: [build]
                  trigger: true
              - task: inline
                timeout: 10m
                attempts: 2
                config:
                  platform: linux
                  image_resource: {type: registry-image, source: {repository: busybox}}
                  inputs: [{name: repo}]
                  outputs: [{name: out}]
                  run: {path: repo/ci/unit.sh}
            """;

    private static final String TASK = """
            platform: linux
            image_resource: {type: registry-image, source: {repository: busybox, tag: "1.37"}}
            inputs: [{name: repo}]
            outputs: [{name: out}]
            params: {GOAL: test}
            run: {path: repo/ci/unit.sh}
            """;

    @TempDir
    Path root;

    @BeforeEach
    void repository() throws IOException {
        Files.createDirectories(root.resolve("ci"));
        Files.writeString(root.resolve("ci/unit.yml"), TASK);
        Path script = Files.writeString(root.resolve("ci/unit.sh"),
                "#!/usr/bin/env bash\nwork=\"$PWD\"\necho \"$GOAL\" > \"$work/out/goal\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Each problem as "line [rule] message", warnings included. */
    private List<String> problems(String pipeline) {
        return problems(pipeline, PipelineVars.none(), false);
    }

    private List<String> problems(String pipeline, PipelineVars vars, boolean strict) {
        return new PipelineValidator(root).validate(YamlFile.parse(pipeline, "p.yml"), vars, strict).stream()
                .map(p -> p.line() + " [" + p.rule() + "] " + p.message())
                .toList();
    }

    @Test
    void aValidPipelineHasNoProblems() {
        assertThat(problems(VALID)).isEmpty();
    }

    @Test
    void atLeastOneJob() {
        assertThat(problems("resources: []\njobs: []\n")).containsExactly("1 [no-jobs] the pipeline has no jobs");
    }

    @Test
    void namesAreUniqueAndResourcesTyped() {
        assertThat(problems(VALID.replace("- name: deploy", "- name: build")))
                .contains("18 [duplicate-name] job 'build' is declared more than once");
        assertThat(problems(VALID.replace("- name: other", "- name: repo")))
                .contains("5 [duplicate-name] resource 'repo' is declared more than once");
        assertThat(problems(VALID.replace("  type: git\n  source: {uri: x}", "  source: {uri: x}")))
                .contains("5 [resource-type] resource 'other' has no type");
    }

    @Test
    void anUnusedResourceIsRejectedOnItsLine() {
        assertThat(problems(VALID.replace("  - get: other\n", ""))).containsExactly(
                "5 [unused-resource] resource 'other' is not used: no get or put names it; remove it or use it");
        assertThat(problems(VALID.replace("  - get: other\n", "  - get: other\n  - get: nothing\n")))
                .containsExactly("15 [unknown-resource] job 'build' get 'nothing': unknown resource 'nothing'");
        assertThat(problems(VALID.replace("  - get: other\n", "  - get: other\n  - get: other\n")))
                .contains("15 [duplicate-get] job 'build' get 'other': the job already has a get named 'other'");
    }

    @Test
    void passedNamesAnUpstreamJobThatTouchesTheResource() {
        assertThat(problems(VALID.replace("passed: [build]", "passed: [nobody]"))).containsExactly(
                "21 [passed-unknown-job] job 'deploy' get 'repo': passed names job 'nobody', which does not exist");
        String buildWithoutRepo = VALID.replace("  - get: repo\n    trigger: true\n", "  - get: other\n    trigger: true\n")
                .replace("  - get: other\n  - task: unit\n    file: repo/ci/unit.yml", "  - task: unit\n    file: other/ci/unit.yml");
        assertThat(problems(buildWithoutRepo)).contains(
                "20 [passed-resource] job 'deploy' get 'repo': passed job 'build' does not get or put resource 'repo'");
    }

    @Test
    void passedHasNoCycles() {
        String cycle = VALID.replace("  - get: repo\n    trigger: true\n", "  - get: repo\n    passed: [deploy]\n");
        assertThat(problems(cycle)).anyMatch(e -> e.startsWith("9 [passed-cycle] jobs form a cycle through passed: "));
    }

    @Test
    void aTaskHasExactlyOneOfFileAndConfig() {
        assertThat(problems(VALID.replace("    file: repo/ci/unit.yml\n", ""))).contains(
                "15 [task-file-or-config] job 'build' task 'unit': a task needs exactly one of file and config, this one has neither");
        assertThat(problems(VALID.replace("    file: repo/ci/unit.yml\n",
                "    file: repo/ci/unit.yml\n    config: {platform: linux, run: {path: \"true\"}}\n"))).contains(
                "15 [task-file-or-config] job 'build' task 'unit': a task needs exactly one of file and config, this one has both");
    }

    @Test
    void aTaskFileExistsAndIsAValidTaskConfig() throws IOException {
        assertThat(problems(VALID.replace("repo/ci/unit.yml", "repo/ci/missing.yml"))).containsExactly(
                "15 [task-file-missing] job 'build' task 'unit': task file repo/ci/missing.yml does not exist ("
                        + root.resolve("ci/missing.yml") + ")");
        assertThat(problems(VALID.replace("repo/ci/unit.yml", "nowhere/ci/unit.yml"))).containsExactly(
                "15 [task-file-source] job 'build' task 'unit': file nowhere/ci/unit.yml starts with 'nowhere', which no earlier step of the job provides");

        Files.writeString(root.resolve("ci/unit.yml"), TASK.replace("platform: linux\n", "") + "outputz: []\n");
        assertThat(problems(VALID)).containsExactlyInAnyOrder(
                "1 [task-config] task file repo/ci/unit.yml: unknown key 'outputz'",
                "1 [task-config] task file repo/ci/unit.yml: missing platform");
    }

    @Test
    void runPathIsAnExecutableOfTheRepositoryThatUsesOnlyTheTasksFolders() throws IOException {
        Files.writeString(root.resolve("ci/unit.sh"), "#!/usr/bin/env bash\nwork=\"$PWD\"\nls \"$work/jars\"\n");
        assertThat(problems(VALID)).containsExactly(
                "1 [script-folder] task file repo/ci/unit.yml: repo/ci/unit.sh uses \"$work/jars\", which is no input,"
                        + " output or cache of the task",
                "28 [script-folder] job 'deploy' task 'inline' config: repo/ci/unit.sh uses \"$work/jars\", which is"
                        + " no input, output or cache of the task");
        Files.setPosixFilePermissions(root.resolve("ci/unit.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(problems(VALID)).contains("6 [script-not-executable] task file repo/ci/unit.yml: run.path"
                + " repo/ci/unit.sh is not executable (chmod +x, and commit the mode)");
        Files.delete(root.resolve("ci/unit.sh"));
        assertThat(problems(VALID)).contains("6 [script-missing] task file repo/ci/unit.yml: run.path repo/ci/unit.sh"
                + " does not exist (" + root.resolve("ci/unit.sh") + ")");
    }

    @Test
    void stepParamsAreDeclaredByTheTaskFile() {
        assertThat(problems(VALID.replace("params: {GOAL: verify}", "params: {GAOL: verify}"))).containsExactly(
                "17 [task-param] job 'build' task 'unit': param GAOL is not declared in repo/ci/unit.yml");
    }

    @Test
    void unknownKeysAndIdentifiersAreWarningsThatStrictRejects() {
        String typo = VALID.replace("    trigger: true\n  - get: other", "    triger: true\n  - get: other");
        List<Problem> found = new PipelineValidator(root).validate(YamlFile.parse(typo, "p.yml"), PipelineVars.none(), false);
        assertThat(found).extracting(Problem::toString)
                .containsExactly("p.yml:12: warning [unknown-key] job 'build' plan > get 'repo': unknown key 'triger'");
        assertThat(PipelineValidator.failing(found, false)).isEmpty();
        assertThat(PipelineValidator.failing(found, true)).hasSize(1);
        assertThat(problems(VALID.replace("- name: deploy", "- name: Deploy"))).containsExactly(
                "18 [identifier] job 'Deploy': 'Deploy' is not an identifier (lower case letters, digits, '-', '_', '.')");
    }

    @Test
    void aggregateDurationsAndAttemptsAreChecked() {
        assertThat(problems(VALID.replace("  - in_parallel:\n", "  - aggregate:\n")))
                .anyMatch(e -> e.contains("[aggregate]") && e.contains("'aggregate' is gone since Concourse v7"));
        assertThat(problems(VALID.replace("timeout: 10m", "timeout: ten minutes")))
                .anyMatch(e -> e.endsWith("timeout 'ten minutes' is not a duration (e.g. 10m, 1h30m)"));
        assertThat(problems(VALID.replace("attempts: 2", "attempts: 0")))
                .anyMatch(e -> e.endsWith("attempts must be a whole number above 0"));
    }

    @Test
    void taskInputsComeFromEarlierSteps() {
        assertThat(problems(VALID.replace("inputs: [{name: repo}]", "inputs: [{name: repo}, {name: built}]")))
                .containsExactly("24 [task-input] job 'deploy' task 'inline': input 'built' is not provided by an earlier step of the job");
    }

    @Test
    void groupsCoverEveryJob() {
        assertThat(problems(VALID + "groups:\n- name: all\n  jobs: [build]\n"))
                .containsExactly("34 [groups] job 'deploy' is in no group");
        assertThat(problems(VALID + "groups:\n- name: all\n  jobs: ['*']\n")).isEmpty();
    }

    @Test
    void strictRejectsAVarThatNoVarsFileGivesOrDeclares(@TempDir Path varsDir) throws IOException {
        assertThat(problems(VALID, PipelineVars.none(), false)).isEmpty();
        assertThat(problems(VALID, PipelineVars.none(), true)).containsExactly("4 [undefined-var] ((git-uri)) is in no"
                + " vars file: give it a value, or declare it for the credential manager with a comment line"
                + " '#   ((git-uri))  what it is'");
        Path valued = Files.writeString(varsDir.resolve("a.yml"), "git-uri: file:///repo\n");
        Path declared = Files.writeString(varsDir.resolve("b.yml"), "#   ((git-uri))  the repository\nx: 1\n");
        assertThat(problems(VALID, PipelineVars.read(List.of(valued)), true)).isEmpty();
        assertThat(problems(VALID, PipelineVars.read(List.of(declared)), true)).isEmpty();
    }

    @Test
    void anchorsAndMergeKeysAreAppliedAsConcourseDoes() {
        YamlFile file = YamlFile.parse("""
                common: &common {A: "1", B: "2"}
                step:
                  <<: *common
                  B: "3"
                """, "a.yml");
        assertThat(file.root().path("step").toString()).isEqualTo("{\"B\":\"3\",\"A\":\"1\"}");
        assertThat(file.line(file.root().path("step"))).isEqualTo(3);
    }

    @Test
    void notYamlAndDuplicateKeysAreOneLine() {
        assertThatThrownBy(() -> YamlFile.parse("jobs: [\n", "p.yml")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("p.yml:").hasMessageContaining("not YAML");
        assertThatThrownBy(() -> YamlFile.parse("a: 1\na: 2\n", "p.yml")).isInstanceOf(UserError.class)
                .hasMessageContaining("not YAML").hasMessageContaining("duplicate key a");
    }

    @Test
    void varsAreFoundWhereverTheyAre() {
        assertThat(PipelineVars.namesIn(YamlFile.parse(
                "a: ((one))\nb: [\"x-((two.field))-y\"]\nc:\n  d: ((src:three))\n# ((comment))\n", "v.yml").root()))
                .containsExactly("one", "three", "two");
    }
}
