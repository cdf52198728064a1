package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.AppStatus.InstanceStatus;
import io.cfkit.cfdeploy.state.JsonStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "apps", description = "Lists the apps, like cf apps, with each instance's state, port, URL and pid.")
public final class AppsCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<AppStatus> apps = kit.targetPlatform(out).apps();
        if (json) {
            out.println(JsonStore.MAPPER.writeValueAsString(apps));
            out.flush();
            return 0;
        }
        out.printf("%-22s %-10s %-10s %-8s %s%n", "name", "requested", "instances", "memory", "routes");
        for (AppStatus app : apps) {
            out.printf("%-22s %-10s %-10s %-8s %s%n", app.name(), app.requestedState(),
                    app.runningInstances() + "/" + app.desiredInstances(), app.memoryMb() + "M",
                    String.join(", ", app.routes()));
            for (InstanceStatus i : app.instances()) {
                out.printf("    #%-3d %-9s %-24s pid %-8d since %s%s%n", i.index(), i.state().toLowerCase(), i.url(),
                        i.pid(), Instant.ofEpochMilli(i.sinceMillis()),
                        i.crashes() > 0 ? "  crashes " + i.crashes() : "");
            }
        }
        out.flush();
        return 0;
    }
}
