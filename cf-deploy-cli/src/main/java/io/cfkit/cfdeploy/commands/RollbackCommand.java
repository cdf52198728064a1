package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.traffic.Rollout.Via;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean switched = kit.rolloutStore().find(app).map(r -> r.via() == Via.ROUTE_SWITCH).orElse(false);
        if (switched) {
            SwitchCommand.routeSwitch(kit, spec.commandLine().getOut(), null).rollback(app, reason);
        } else {
            kit.rollouts(spec.commandLine().getOut()).rollback(app, reason);
        }
        return 0;
    }
}
