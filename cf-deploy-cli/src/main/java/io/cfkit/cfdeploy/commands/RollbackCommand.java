package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.traffic.Rollout.Via;
import io.cfkit.cfdeploy.traffic.RolloutStore;
import io.cfkit.cfdeploy.traffic.UrlSmokeTest;
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

    @Option(names = "--dry-run", description = "With --target cf: print the API calls, commits and gateway refreshes"
            + " that would change something, make none.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        kit.checkDryRun(dryRun);
        Platform platform = SwitchCommand.platform(kit, out);
        RolloutStore store = kit.rolloutStore(platform);
        if (store.find(app).map(r -> r.via() == Via.ROUTE_SWITCH).orElse(false)) {
            if (dryRun) {
                throw new UserError("--dry-run is not there yet for the rollback of a route switch: run cf-deploy"
                        + " rollback " + app + " without it");
            }
            SwitchCommand.routeSwitch(kit, platform, store, out, null).rollback(app, reason);
        } else {
            kit.rollouts(out, new UrlSmokeTest(null, out), dryRun).rollback(app, reason);
        }
        return 0;
    }
}
