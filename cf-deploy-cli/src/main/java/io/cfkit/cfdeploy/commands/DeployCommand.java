package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.traffic.UrlSmokeTest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "deploy", description = "Starts a new version of an app beside the live one, with no traffic,"
        + " smoke-tests it, and reports it ready for a canary.")
public final class DeployCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Option(names = "--version", required = true, paramLabel = "NAME", description = "Name of the new version, e.g. green.")
    String version;

    @Option(names = "--path", paramLabel = "JAR", description = "The new version's jar (default: the app's manifest path).")
    Path jar;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "An environment variable of the new version only.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--smoke", paramLabel = "SCRIPT",
            description = "Run SCRIPT with each address of the new version (each instance's URL locally); a"
                    + " non-zero exit fails the deploy (default: the app's health check).")
    Path smoke;

    @Option(names = "--keep-failed", description = "If the push or the smoke test fails, stop the new version and"
            + " keep it for a look as APP-VERSION-failed instead of deleting it.")
    boolean keepFailed;

    @Option(names = "--dry-run", description = "With --target cf: print the API calls, commits and gateway refreshes"
            + " that would change something, make none.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        kit.rollouts(out, new UrlSmokeTest(smoke, out), dryRun).deploy(app, version, jar, env, keepFailed);
        return 0;
    }
}
