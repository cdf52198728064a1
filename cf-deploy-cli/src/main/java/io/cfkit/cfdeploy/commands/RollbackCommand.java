package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.commands.KitOptions.RolloutTarget;
import io.cfkit.cfdeploy.traffic.Rollout.Via;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rollback", description = "Puts traffic back on the previous version: at once during a canary; after a"
        + " promote, once the previous version is healthy again; after a switch, the routes go back to the app that"
        + " served them, once it is started and healthy.")
public final class RollbackCommand implements Callable<Integer> {

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
        RolloutTarget target = kit.rolloutTarget(out, dryRun.dryRun);
        if (target.store().find(app).map(r -> r.via() == Via.ROUTE_SWITCH).orElse(false)) {
            kit.routeSwitch(target, null, out).rollback(app, reason);
        } else {
            kit.rollouts(target, null, out).rollback(app, reason);
        }
        dryRun.printDone(out);
        return 0;
    }
}
