package io.cfkit.cfdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.CfDeploy;
import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link PipelineRunner} on a small pipeline (test resources pipeline-runner/) whose git resource is a real
 * repository in a temporary folder and whose tasks are real scripts: what each task sees, the versions that travel
 * through passed:, what the stubs store and record, and how a failure stops the jobs after it.
 */
class PipelineRunnerTest {

    private static final Path FIXTURE = Path.of("src/test/resources/pipeline-runner").toAbsolutePath();

    @TempDir
    Path repo;

    @TempDir
    Path store;

    private Path vars;

    @BeforeEach
    void repository() throws Exception {
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = repo.resolve(FIXTURE.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        git("init", "-q", "-b", "main");
        git("add", ".");
        git("-c", "user.name=test", "-c", "user.email=test@example.test", "commit", "-qm", "fixture");
        vars = repo.resolve("vars.yml");
        writeVars("false");
    }

    private void writeVars(String fail) throws IOException {
        Files.writeString(vars, "repo: " + repo + "\nchat-url: https://chat.example.test\ngreeting: bonjour\nfail: \""
                + fail + "\"\n");
    }

    private void git(String... args) throws Exception {
        Process git = new ProcessBuilder(Stream.concat(Stream.of("git"), Stream.of(args)).toList())
                .directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as(output).isZero();
    }

    private String run(Optional<String> job) {
        StringWriter log = new StringWriter();
        PipelineVars pipelineVars = PipelineVars.read(List.of(vars));
        YamlFile pipeline = YamlFile.read(repo.resolve("pipeline.yml"));
        PipelineRunner runner = new PipelineRunner(pipelineVars.interpolate(pipeline.root(), "pipeline.yml"), store,
                Map.of("PATH", System.getenv("PATH")), new PrintWriter(log, true));
        try {
            runner.run(job);
        } catch (UserError e) {
            throw new RunFailed(e.getMessage(), log.toString());
        }
        return log.toString();
    }

    static final class RunFailed extends RuntimeException {
        final String log;

        RunFailed(String message, String log) {
            super(message);
            this.log = log;
        }
    }

    @Test
    void runsTheTriggeredJobsInPassedOrderLikeAConcourseBuildLog() throws Exception {
        String log = run(Optional.empty());

        assertThat(log).containsSubsequence(
                "==> build #1",
                "--> get: repo (git)",
                "--> get: version (semver)",
                "--> task: build",
                "building 1.1.0 in a folder with: out repo version",
                "--> put: store (s3)",
                "stored version {\"path\":\"app/app-1.1.0.txt\"}",
                "--> put: version (semver)",
                "==> build #1 succeeded",
                "==> deploy #1",
                "--> task: deploy",
                "deploying 1.1.0: the app built 1.1.0",
                "greeting: bonjour",
                "--> task: look-around",
                "in repo: build.sh build.yml deploy.sh deploy.yml",
                "--> put: chat (slack-notification)",
                "==> deploy #1 succeeded",
                "==> announce #1 succeeded",
                "==> undo: not triggered (no get with trigger: true); run it with --job undo");
        assertThat(Files.readString(store.resolve("s3/artefacts/app/app-1.1.0.txt"))).isEqualTo("the app\nbuilt 1.1.0\n");
        assertThat(RecordingResource.puts(PipelineRunner.recordedPuts(store, "chat")).toString())
                .isEqualTo("[{\"version\":{\"ref\":\"1\"},\"params\":{\"text\":\"deployed bonjour\"}},"
                        + "{\"version\":{\"ref\":\"2\"},\"params\":{\"text\":\"announced\"}}]");
        assertThat(store.resolve("builds")).isEmptyDirectory();
    }

    @Test
    void aManualJobTakesTheVersionThatPassedItsUpstreamJob() {
        run(Optional.empty());
        run(Optional.of("build"));   // 1.2.0 is built but has not passed deploy

        assertThat(run(Optional.of("undo"))).contains("==> undo #1", "undoing 1.1.0", "==> undo #1 succeeded");
    }

    @Test
    void aJobWhoseUpstreamHasNotRunSaysWhichToRunFirst() {
        assertThatThrownBy(() -> run(Optional.of("deploy"))).isInstanceOf(RunFailed.class)
                .hasMessage("job deploy failed: no version of store has passed build yet: run build first");
    }

    @Test
    void aFailingTaskStopsItsJobAndTheJobsAfterItAndShowsItsLastLines() throws Exception {
        writeVars("true");
        RunFailed failed = org.junit.jupiter.api.Assertions.assertThrows(RunFailed.class, () -> run(Optional.empty()));

        assertThat(failed.getMessage()).isEqualTo("job deploy failed: task deploy exited with 3; the jobs after it were"
                + " not run");
        assertThat(failed.log).contains("==> build #1 succeeded", "==> deploy #1 failed: task deploy exited with 3",
                        "    | failing line 30", "==> not run: announce")
                .doesNotContain("--> task: look-around", "in repo:", "==> announce #1");
        assertThat(failed.log).contains("    | failing line 16").doesNotContain("    | failing line 15\n");
        assertThat(PipelineRunner.recordedPuts(store, "chat")).doesNotExist();
    }

    @Test
    void anUnknownJobIsOneLine() {
        assertThatThrownBy(() -> run(Optional.of("nope"))).hasMessage(
                "no job 'nope' in the pipeline: its jobs are build, deploy, announce, undo");
    }

    @Test
    void theCommandRefusesBadInputWithOneLine(@TempDir Path elsewhere) throws IOException {
        Path notYaml = Files.writeString(repo.resolve("broken.yml"), "jobs: [\n");
        assertThat(command("pipeline", "run", notYaml.toString(), "-l", vars.toString()))
                .startsWith("cf-deploy: " + notYaml + ":2: not YAML: ");
        assertThat(command("pipeline", "run", repo.resolve("pipeline.yml").toString(), "-l", "missing.yml"))
                .isEqualTo("cf-deploy: vars file missing.yml does not exist: give the path of a YAML file of vars (-l)\n");
        assertThat(command("pipeline", "run", repo.resolve("pipeline.yml").toString(), "-l", vars.toString(),
                "--job", "nope", "--state-dir", elsewhere.toString()))
                .isEqualTo("cf-deploy: no job 'nope' in the pipeline: its jobs are build, deploy, announce, undo\n");
    }

    private static String command(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = CfDeploy.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute(args)).isEqualTo(CfDeploy.USER_ERROR);
        return err.toString();
    }
}
