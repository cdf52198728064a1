package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.cf.CfPlatform;
import io.cfkit.cfdeploy.cf.CfPlatform.PushStrategy;
import io.cfkit.cfdeploy.cf.KitSummary;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.manifest.Vars;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "push", description = "Pushes an app from its manifest to Cloud Foundry, as cf push -f does; with no"
        + " app, the whole kit in dependency order, with the network policies the gateway needs.")
public final class PushCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", arity = "0..1", paramLabel = "APP", description = "The app (default: every app).")
    String app;

    @Option(names = "--manifests", paramLabel = "DIR", description = "Folder of the manifests (default: manifests).")
    Path manifests;

    @Option(names = "--vars-file", paramLabel = "FILE",
            description = "Vars for the manifests' ((vars)); repeatable, later files win"
                    + " (default: manifests/vars-cf.yml).")
    List<Path> varsFiles = new ArrayList<>();

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "One var; wins over vars files.")
    Map<String, String> vars = new LinkedHashMap<>();

    @Option(names = "--strategy", paramLabel = "rolling", description = "rolling: replace the instances in a v3 rolling"
            + " deployment, as cf push --strategy rolling does, instead of restarting them all at once.")
    String strategy;

    @Mixin
    DryRunOption dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!kit.onCloudFoundry()) {
            throw new UserError("push deploys to Cloud Foundry: add --target cf (on this machine, ./cf-deploy up"
                    + " starts the kit)");
        }
        PushStrategy how = switch (strategy == null ? "" : strategy) {
            case "" -> PushStrategy.RESTART;
            case "rolling" -> PushStrategy.ROLLING;
            default -> throw new UserError("unknown --strategy '" + strategy + "': the one strategy is rolling"
                    + " (leave it out to restart)");
        };
        Path folder = manifests != null ? manifests : kit.home().resolve("manifests");
        Vars all = Vars.of(Map.of());
        for (Path file : varsFiles.isEmpty() ? KitOptions.defaultCfVarsFiles(folder) : varsFiles) {
            all = all.overriddenBy(Vars.read(file));
        }
        all = all.overriddenBy(Vars.of(vars));
        AppSet kitApps = AppSet.read(folder, all);
        List<AppManifest> toPush = app != null ? List.of(kitApps.app(app)) : kitApps.inStartOrder();
        for (AppManifest each : toPush) {
            if (each.path() == null || !Files.isRegularFile(Path.of(each.path()))) {
                throw new UserError("the jar of " + each.name() + " is missing (" + each.path() + "): build it with"
                        + " ./mvnw -B -DskipTests package");
            }
        }
        CfPlatform platform = kit.cfPlatform(out, dryRun.dryRun, all);
        for (AppManifest each : toPush) {
            out.println("Pushing " + each.name() + " from " + each.manifestFile() + " ...");
            out.flush();
            platform.push(each, how);
        }
        if (app == null) {
            platform.allowKitTraffic(kitApps);
        }
        if (dryRun.dryRun) {
            dryRun.printDone(out);
        } else if (app == null) {
            KitSummary.print(platform.apps(), out);
        } else {
            out.println("OK: " + app + " is pushed and runs " + toPush.get(0).instances() + " instance"
                    + (toPush.get(0).instances() == 1 ? "" : "s") + ".");
        }
        out.flush();
        return 0;
    }
}
