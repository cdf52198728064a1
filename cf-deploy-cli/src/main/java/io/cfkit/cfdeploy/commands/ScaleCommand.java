package io.cfkit.cfdeploy.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "scale", description = "Starts or drains instances of an app; gateways pick the change up"
        + " through Eureka with no reconfiguration.")
public final class ScaleCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Option(names = {"-i", "--instances"}, required = true, paramLabel = "N", description = "Number of instances.")
    int instances;

    @Mixin
    DryRunOption dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        kit.targetPlatform(out, dryRun.dryRun).scale(app, instances);
        if (dryRun.dryRun) {
            dryRun.printDone(out);
            return 0;
        }
        out.println("OK: " + app + " runs " + instances + " instance" + (instances == 1 ? "" : "s") + ".");
        out.flush();
        return 0;
    }
}
