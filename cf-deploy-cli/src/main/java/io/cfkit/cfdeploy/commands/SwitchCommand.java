package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.bluegreen.HttpHealthProbe;
import io.cfkit.cfdeploy.bluegreen.RouteSwitch;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.traffic.RolloutStore;
import io.cfkit.cfdeploy.traffic.UrlSmokeTest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    /** How long a newly mapped app may take to answer healthy on a route. */
    private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(60);

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Option(names = "--version", required = true, paramLabel = "NAME", description = "Name of the new version, e.g. v1-4-0.")
    String version;

    @Option(names = "--path", paramLabel = "JAR", description = "The new version's jar (default: the live app's).")
    Path jar;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "An environment variable of the new version only.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--smoke", paramLabel = "SCRIPT",
            description = "Run SCRIPT with each new instance's URL before any route is moved; a non-zero exit fails"
                    + " the switch (default: the app's health-check endpoint answers 200).")
    Path smoke;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Platform platform = platform(kit, out);
        routeSwitch(kit, platform, kit.rolloutStore(platform), out, smoke).switchTo(app, version, jar, env);
        return 0;
    }

    /** The platform of --target, as the gateway rollouts reach it. */
    static Platform platform(KitOptions kit, PrintWriter out) {
        return kit.onCloudFoundry() ? kit.cfRolloutPlatform(out) : kit.platform(out);
    }

    /** The switch; {@code smokeScript} null for the health-check smoke test. */
    static RouteSwitch routeSwitch(KitOptions kit, Platform platform, RolloutStore store, PrintWriter out,
            Path smokeScript) {
        return new RouteSwitch(platform, store, new UrlSmokeTest(smokeScript, out), new HttpHealthProbe(),
                ROUTE_TIMEOUT, out);
    }
}
