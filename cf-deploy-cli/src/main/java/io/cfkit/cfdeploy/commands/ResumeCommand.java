package io.cfkit.cfdeploy.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", description = "Lets a canary plan started with --manual go on to its next step.")
public final class ResumeCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Mixin
    DryRunOption dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        kit.rollouts(out, null, dryRun.dryRun).resume(app);
        dryRun.printDone(out);
        return 0;
    }
}
