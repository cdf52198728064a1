package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.local.LocalPlatform;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs", description = "Follows an app's logs (all instances, with platform events), like cf logs.")
public final class LogsCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Option(names = "--recent", description = "Print the recent lines and exit instead of following.")
    boolean recent;

    @Option(names = {"-n", "--lines"}, defaultValue = "100", paramLabel = "N",
            description = "Recent lines per instance (default: ${DEFAULT-VALUE}).")
    int lines;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (!recent && kit.onCloudFoundry()) {
            throw new UserError("with --target cf, cf-deploy logs prints recent lines only: add --recent, or follow"
                    + " them with cf logs " + app);
        }
        kit.targetPlatform(out).recentLogs(app, lines).forEach(out::println);
        out.flush();
        if (!recent) {
            LocalPlatform platform = kit.platform(out);
            platform.followLogs(app);
        }
        return 0;
    }
}
