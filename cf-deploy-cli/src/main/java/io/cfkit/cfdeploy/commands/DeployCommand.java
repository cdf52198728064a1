package io.cfkit.cfdeploy.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "deploy", description = "Starts a new version of an app beside the live one, with no traffic,"
        + " smoke-tests it, and reports it ready for a canary.")
public final class DeployCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Mixin
    NewVersionOptions newVersion;

    @Option(names = "--keep-failed", description = "If the push or the smoke test fails, stop the new version and"
            + " keep it for a look as APP-VERSION-failed instead of deleting it.")
    boolean keepFailed;

    @Mixin
    DryRunOption dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        kit.rollouts(out, newVersion.smoke, dryRun.dryRun).deploy(app, newVersion.version, newVersion.jar,
                newVersion.env, keepFailed);
        dryRun.printDone(out);
        return 0;
    }
}
