package io.cfkit.cfdeploy.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rollback", description = "Puts traffic back on the previous version: at once during a canary; after a promote, once the previous version is healthy again.")
public final class RollbackCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
    String reason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        kit.rollouts(spec.commandLine().getOut()).rollback(app, reason);
        return 0;
    }
}
