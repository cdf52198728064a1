package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.traffic.PolicyRepository;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "history", description = "Lists every traffic change of an app, newest first: time, commit and"
        + " reason, from the config repository's log.")
public final class HistoryCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Platform platform = kit.targetPlatform(out);
        platform.requireManifest(app);
        PolicyRepository policies = kit.policyStore(platform);
        var changes = policies.history(app);
        if (changes.isEmpty()) {
            out.println("No traffic change of " + app + " yet.");
        }
        changes.forEach(c -> out.printf("%s  %s  %s%n", c.time(), c.commit().substring(0, 7), c.message()));
        out.flush();
        return 0;
    }
}
