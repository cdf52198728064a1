package io.cfkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Each rule of {@link PipelineValidator} fires on a pipeline that breaks it, and only then. */
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
        Path script = Files.writeString(root.resolve("ci/unit.sh"), "#!/usr/bin/env bash\necho \"$GOAL\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> errors(String pipeline) {
        return PipelineValidator.validatePipeline(PipelineValidator.parseYaml(pipeline), root);
    }

    @Test
    void aValidPipelineHasNoErrors() {
        assertThat(errors(VALID)).isEmpty();
    }

    @Test
    void atLeastOneJob() {
        assertThat(errors("resources: []\njobs: []\n")).containsExactly("the pipeline has no jobs");
    }

    @Test
    void namesAreUniqueAndResourcesTyped() {
        assertThat(errors(VALID.replace("- name: deploy", "- name: build")))
                .contains("job 'build' is declared more than once");
        assertThat(errors(VALID.replace("- name: other", "- name: repo")))
                .contains("resource 'repo' is declared more than once");
        assertThat(errors(VALID.replace("  type: git\n  source: {uri: x}", "  source: {uri: x}")))
                .contains("resource 'other' has no type");
    }

    @Test
    void everyResourceIsUsedAndEveryGetNamesOne() {
        assertThat(errors(VALID.replace("  - get: other\n", ""))).containsExactly("resource 'other' is not used");
        assertThat(errors(VALID.replace("  - get: other\n", "  - get: other\n  - get: nothing\n")))
                .containsExactly("job 'build' get 'nothing': unknown resource 'nothing'");
        assertThat(errors(VALID.replace("  - get: other\n", "  - get: other\n  - get: other\n")))
                .contains("job 'build' get 'other': the job already has a get named 'other'");
    }

    @Test
    void passedNamesAnUpstreamJobThatUsesTheResource() {
        assertThat(errors(VALID.replace("passed: [build]", "passed: [nobody]")))
                .containsExactly("job 'deploy' get 'repo': passed names unknown job 'nobody'");
        assertThat(errors(VALID.replace("  - get: repo\n    trigger: true\n", "  - get: other\n    trigger: true\n")
                .replace("  - get: other\n  - task: unit\n    file: repo/ci/unit.yml", "  - task: unit\n    file: other/ci/unit.yml")))
                .contains("job 'deploy' get 'repo': passed job 'build' does not get or put resource 'repo'");
    }

    @Test
    void passedHasNoCycles() {
        String cycle = VALID.replace("  - get: repo\n    trigger: true\n", "  - get: repo\n    passed: [deploy]\n");
        assertThat(errors(cycle)).anyMatch(e -> e.startsWith("jobs form a cycle through passed: "));
    }

    @Test
    void aTaskHasExactlyOneOfFileAndConfig() {
        assertThat(errors(VALID.replace("    file: repo/ci/unit.yml\n", "")))
                .contains("job 'build' task 'unit': a task needs exactly one of file and config");
        assertThat(errors(VALID.replace("    file: repo/ci/unit.yml\n",
                "    file: repo/ci/unit.yml\n    config: {platform: linux, run: {path: true}}\n")))
                .contains("job 'build' task 'unit': a task needs exactly one of file and config");
    }

    @Test
    void aTaskFileExistsAndIsAValidTaskConfig() throws IOException {
        assertThat(errors(VALID.replace("repo/ci/unit.yml", "repo/ci/missing.yml")))
                .containsExactly("job 'build' task 'unit': task file repo/ci/missing.yml is not in the repository (ci/missing.yml)");
        assertThat(errors(VALID.replace("repo/ci/unit.yml", "nowhere/ci/unit.yml")))
                .containsExactly("job 'build' task 'unit': file nowhere/ci/unit.yml starts with 'nowhere', which no earlier step of the job provides");

        Files.writeString(root.resolve("ci/unit.yml"), TASK.replace("platform: linux\n", "") + "outputz: []\n");
        assertThat(errors(VALID)).containsExactlyInAnyOrder(
                "task file ci/unit.yml: unknown key 'outputz'",
                "task file ci/unit.yml: missing platform");
    }

    @Test
    void runPathIsAnExecutableOfTheRepository() throws IOException {
        Files.setPosixFilePermissions(root.resolve("ci/unit.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(errors(VALID)).contains(
                "task file ci/unit.yml: run.path repo/ci/unit.sh is not executable (chmod +x, and commit the mode)");
        Files.delete(root.resolve("ci/unit.sh"));
        assertThat(errors(VALID)).contains("task file ci/unit.yml: run.path repo/ci/unit.sh is not in the repository");
    }

    @Test
    void stepParamsAreDeclaredByTheTaskFile() {
        assertThat(errors(VALID.replace("params: {GOAL: verify}", "params: {GAOL: verify}")))
                .containsExactly("job 'build' task 'unit': param GAOL is not declared in repo/ci/unit.yml");
    }

    @Test
    void aggregateAndUnknownKeysAreRejected() {
        String aggregate = VALID.replace("  - in_parallel:\n", "  - aggregate:\n");
        assertThat(errors(aggregate)).anyMatch(e -> e.contains("'aggregate' is gone since Concourse v7"));
        assertThat(errors(VALID.replace("    trigger: true\n  - get: other", "    triger: true\n  - get: other")))
                .containsExactly("job 'build' plan > get 'repo': unknown key 'triger'");
        assertThat(errors(VALID.replace("timeout: 10m", "timeout: ten minutes")))
                .anyMatch(e -> e.endsWith("timeout 'ten minutes' is not a duration (e.g. 10m, 1h30m)"));
        assertThat(errors(VALID.replace("attempts: 2", "attempts: 0")))
                .anyMatch(e -> e.endsWith("attempts must be a whole number above 0"));
    }

    @Test
    void taskInputsComeFromEarlierSteps() {
        assertThat(errors(VALID.replace("inputs: [{name: repo}]", "inputs: [{name: repo}, {name: built}]")))
                .containsExactly("job 'deploy' task 'inline': input 'built' is not provided by an earlier step of the job");
    }

    @Test
    void groupsCoverEveryJob() {
        assertThat(errors(VALID + "groups:\n- name: all\n  jobs: [build]\n")).containsExactly("job 'deploy' is in no group");
        assertThat(errors(VALID + "groups:\n- name: all\n  jobs: ['*']\n")).isEmpty();
    }

    @Test
    void varsAreFoundWhereverTheyAre() {
        assertThat(PipelineValidator.varsUsed(PipelineValidator.parseYaml(
                "a: ((one))\nb: [\"x-((two.field))-y\"]\nc:\n  d: ((src:three))\n# ((comment))\n")))
                .containsExactly("one", "three", "two");
    }
}
