package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.local.JarBuilder;
import io.cfkit.cfdeploy.local.LocalPlatform;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.manifest.Vars;
import io.cfkit.cfdeploy.platform.AppStatus;
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
import picocli.CommandLine.Spec;

@Command(name = "up", description = "Builds what is missing, then starts every app of the manifests on this"
        + " machine, in dependency order, each instance healthy before the next app starts.")
public final class UpCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Option(names = "--manifests", paramLabel = "DIR", description = "Folder of the manifests (default: manifests).")
    Path manifests;

    @Option(names = "--vars-file", paramLabel = "FILE",
            description = "Vars for the manifests' ((vars)); repeatable, later files win"
                    + " (default: manifests/vars-local.yml).")
    List<Path> varsFiles = new ArrayList<>();

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "One var; wins over vars files.")
    Map<String, String> vars = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LocalPlatform platform = kit.platform(out);
        if (!platform.running()) {
            Path folder = manifests != null ? manifests : kit.home().resolve("manifests");
            Vars all = Vars.of(platform.platformVars(kit.home().resolve("config-repo"), System.getenv()));
            for (Path file : varsFiles.isEmpty() ? defaultVarsFiles(folder) : varsFiles) {
                all = all.overriddenBy(Vars.read(file));
            }
            AppSet apps = AppSet.read(folder, all.overriddenBy(Vars.of(vars)));
            new JarBuilder(kit.home(), out).buildMissing(apps);
            platform.up(apps);
        } else {
            out.println("The kit is already running.");
        }
        printSummary(platform, out);
        return 0;
    }

    private static List<Path> defaultVarsFiles(Path folder) {
        Path local = folder.resolve("vars-local.yml");
        return Files.exists(local) ? List.of(local) : List.of();
    }

    private void printSummary(LocalPlatform platform, PrintWriter out) {
        out.println();
        out.println("The kit is up:");
        for (AppStatus app : platform.apps()) {
            String where = app.routes().stream()
                    .filter(r -> !r.endsWith(".apps.internal"))
                    .map(r -> "http://" + r + "/")
                    .findFirst().orElse("(no route: reached through the gateway)");
            out.printf("  %-20s %d/%d  %s%n", app.name(), app.runningInstances(), app.desiredInstances(), where);
        }
        out.println("Credentials (config server, Eureka dashboard, admin endpoints): "
                + platform.stateDir().credentials() + " — load them with: source " + platform.stateDir().credentials());
        out.println("See the instances with ./cf-deploy apps; stop everything with ./cf-deploy down.");
        out.flush();
    }
}
