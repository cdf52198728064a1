package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.state.JsonStore;
import io.cfkit.cfdeploy.traffic.GatewayFleet;
import io.cfkit.cfdeploy.traffic.RolloutStatus;
import io.cfkit.cfdeploy.traffic.RolloutStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "An app's rollout: versions, the weights each gateway applies, the plan"
        + " step, and per version rps, error rate and p99.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--watch", description = "Redraw every second until Ctrl-C.")
    boolean watch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Platform platform = kit.targetPlatform(out);
        RolloutStore rollouts = kit.rolloutStore(platform);
        platform.requireManifest(app);
        GatewayFleet gateways = kit.gateways(platform);
        do {
            RolloutStatus status = RolloutStatus.of(app, rollouts.find(app).orElse(null), gateways);
            if (watch) {
                out.print("\033[H\033[2J");
            }
            if (json) {
                out.println(JsonStore.MAPPER.writeValueAsString(status));
                out.flush();
            } else {
                status.print(out);
            }
            if (watch) {
                Thread.sleep(1000);
            }
        } while (watch);
        return 0;
    }
}
