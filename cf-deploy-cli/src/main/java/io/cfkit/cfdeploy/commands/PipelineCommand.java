package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.pipeline.PipelineValidator;
import io.cfkit.cfdeploy.pipeline.PipelineVars;
import io.cfkit.cfdeploy.pipeline.Problem;
import io.cfkit.cfdeploy.pipeline.YamlFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pipeline", description = "Checks a Concourse pipeline as fly validate-pipeline would, and runs"
        + " its jobs on this machine.",
        subcommands = {PipelineCommand.Validate.class})
public final class PipelineCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a pipeline command is missing (validate)");
    }

    /** The git checkout FILE is in: where its task files and scripts are. */
    static Path repositoryOf(Path file) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return d;
            }
        }
        throw new UserError(file + " is in no git checkout: give --repository DIR, the checkout its task files"
                + " are in");
    }

    @Command(name = "validate", description = "The checks of fly validate-pipeline, plus the task files the steps"
            + " name, their scripts and the folders the scripts use. Each problem with its file, line and rule;"
            + " exits non-zero on any.")
    static final class Validate implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline, e.g. pipelines/deploy-kit.yml.")
        Path file;

        @Option(names = {"-l", "--load-vars-from"}, paramLabel = "VARS", description = "A vars file, as with fly.")
        List<Path> varsFiles = new ArrayList<>();

        @Option(names = "--strict", description = "Warnings are errors, and every ((var)) must be in a vars file:"
                + " with a value, or named in a comment '#   ((name))' for the credential manager.")
        boolean strict;

        @Option(names = "--repository", paramLabel = "DIR",
                description = "The checkout the task files are in (default: the git checkout FILE is in).")
        Path repository;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            YamlFile pipeline = YamlFile.read(file);
            PipelineVars vars = PipelineVars.read(varsFiles);
            Path repo = repository != null ? repository : repositoryOf(file);
            List<Problem> problems = new PipelineValidator(repo).validate(pipeline, vars, strict);
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
}
