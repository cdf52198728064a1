package io.cfkit.cfdeploy.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "switch", description = {
        "Blue-green by a route switch, for an app not behind the gateway (the gateway itself): starts VERSION beside"
                + " the live app with no route, smoke-tests it, then moves each of the live app's routes to it (mapped,"
                + " healthy on the route, only then unmapped from the live app), and stops the live app, keeping it"
                + " for cf-deploy rollback APP. A failed step puts the routes back and removes the new app.",
        "",
        "The new version runs as the app APP-VERSION, from the live app's manifest and instance count, with"
                + " APP_VERSION=VERSION. A VERSION equal to APP's own APP_VERSION (or 'original' when its manifest"
                + " sets none) runs as APP itself again. Apps rolled out through the gateway use deploy, canary and"
                + " promote instead."})
public final class SwitchCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Mixin
    NewVersionOptions newVersion;

    @Mixin
    DryRunOption dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        kit.routeSwitch(kit.rolloutTarget(out, dryRun.dryRun), newVersion.smoke, out)
                .switchTo(app, newVersion.version, newVersion.jar, newVersion.env);
        dryRun.printDone(out);
        return 0;
    }
}
