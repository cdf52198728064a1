package io.cfkit.cfdeploy.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.state.CommandLock;
import io.cfkit.cfdeploy.pipeline.PipelineRunner;
import io.cfkit.cfdeploy.pipeline.PipelineValidator;
import io.cfkit.cfdeploy.pipeline.PipelineVars;
import io.cfkit.cfdeploy.pipeline.Problem;
import io.cfkit.cfdeploy.pipeline.YamlFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pipeline", mixinStandardHelpOptions = true, description = "Checks a Concourse pipeline as fly validate-pipeline would, and runs"
        + " its jobs on this machine.",
        subcommands = {PipelineCommand.Validate.class, PipelineCommand.Run.class})
public final class PipelineCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a pipeline command is missing (validate or run)");
    }

    /** The pipeline file, its vars and the checkout its task files are in: what validate and run both read. */
    static final class PipelineInput {

        @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline, e.g. pipelines/deploy-kit.yml.")
        Path file;

        @Option(names = "--repository", paramLabel = "DIR",
                description = "The checkout the task files are in (default: the git checkout FILE is in).")
        Path repository;

        @Option(names = {"-l", "--load-vars-from"}, paramLabel = "VARS", description = "A vars file, as with fly;"
                + " repeatable, later files win. A run needs every ((var)) of the pipeline set.")
        List<Path> varsFiles = new ArrayList<>();

        private YamlFile pipeline;
        private PipelineVars vars;

        YamlFile pipeline() {
            if (pipeline == null) {
                pipeline = YamlFile.read(file);
            }
            return pipeline;
        }

        PipelineVars vars() {
            if (vars == null) {
                vars = PipelineVars.read(varsFiles);
            }
            return vars;
        }

        /** Every problem fly validate-pipeline and the task files' checks find; {@code strict} as --strict. */
        List<Problem> problems(boolean strict) {
            return new PipelineValidator(repository()).validate(pipeline(), vars(), strict);
        }

        /** The given checkout, else the git checkout FILE is in. */
        Path repository() {
            if (repository != null) {
                return repository;
            }
            for (Path d = file.toAbsolutePath().normalize().getParent(); d != null; d = d.getParent()) {
                if (Files.exists(d.resolve(".git"))) {
                    return d;
                }
            }
            throw new UserError(file + " is in no git checkout: give --repository DIR, the checkout its task files"
                    + " are in");
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "The checks of fly validate-pipeline, plus the task files the steps"
            + " name, their scripts and the folders the scripts use. Each problem with its file, line and rule;"
            + " exits non-zero on any.")
    static final class Validate implements Callable<Integer> {

        @Mixin
        PipelineInput input;

        @Option(names = "--strict", description = "Warnings are errors, and every ((var)) must be in a vars file:"
                + " with a value, or named in a comment '#   ((name))' for the credential manager.")
        boolean strict;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path file = input.file;
            List<Problem> problems = input.problems(strict);
            problems.forEach(out::println);
            List<Problem> failing = PipelineValidator.failing(problems, strict);
            if (failing.isEmpty()) {
                out.println(file + ": looks good" + (problems.isEmpty() ? "" : " (" + problems.size()
                        + " warnings; --strict rejects them)"));
                out.flush();
                return 0;
            }
            out.flush();
            throw new UserError(file + ": " + failing.size() + " problem" + (failing.size() == 1 ? "" : "s")
                    + ", listed above with file, line and rule");
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Runs the pipeline's jobs on this machine as Concourse would, in passed:"
            + " order: each task in its own folder with one folder per input and output, params as environment"
            + " variables; resources through local stubs (git from the checkout, semver, s3 as a local store, any"
            + " other type recorded). Tasks find the local platform through CF_DEPLOY_STATE_DIR.")
    static final class Run implements Callable<Integer> {

        /** What a task gets from this environment besides its params: enough to run the kit's tools. */
        private static final List<String> PASSED_ENVIRONMENT = List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR");

        @Mixin
        PipelineInput input;

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "The local platform's state folder, which the tasks deploy to; the runner keeps its"
                        + " builds and stores in its pipelines/ (default: .cf-deploy in the kit's top folder,"
                        + " or $CF_DEPLOY_STATE_DIR).")
        Path stateDir;

        @Option(names = "--job", paramLabel = "NAME", description = "Run this job only (with the versions that"
                + " passed the jobs it names), e.g. a manual one; default: every job a new version triggers.")
        String job;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path file = input.file;
            List<Problem> failing = PipelineValidator.failing(input.problems(false), false);
            if (!failing.isEmpty()) {
                failing.forEach(out::println);
                out.flush();
                throw new UserError(file + " does not validate (problems above): fix it before running it");
            }
            // Every var set before anything is made: a missing one is one line, with no lock file left behind.
            JsonNode pipeline = input.vars().interpolate(input.pipeline().root(), file.toString());
            // the local platform's state folder, found as every command finds it (the target is the tasks' business)
            KitOptions kit = new KitOptions();
            kit.stateDir = stateDir;
            Path state = kit.state().root().toAbsolutePath().normalize();
            String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            Path store = state.resolve("pipelines").resolve(name);
            Map<String, String> environment = new LinkedHashMap<>();
            for (String variable : PASSED_ENVIRONMENT) {
                String value = System.getenv(variable);
                if (value != null) {
                    environment.put(variable, value);
                }
            }
            environment.put("CF_DEPLOY_STATE_DIR", state.toString());
            try (CommandLock lock = CommandLock.acquire(store.resolve("lock"), "pipeline run " + file,
                    holder -> "pipeline " + name + " is already running here (" + holder + "): wait for it")) {
                new PipelineRunner(pipeline, store, environment, out)
                        .run(Optional.ofNullable(job));
            }
            return 0;
        }
    }
}
