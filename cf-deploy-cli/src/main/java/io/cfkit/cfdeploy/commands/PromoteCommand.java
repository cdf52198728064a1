package io.cfkit.cfdeploy.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "promote", description = "Sends all of an app's traffic to its canary, then drains and stops the old version (kept for rollback).")
public final class PromoteCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
    String reason;

    @Mixin
    DryRunOption dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        kit.rollouts(out, null, dryRun.dryRun).promote(app, reason);
        dryRun.printDone(out);
        return 0;
    }
}
