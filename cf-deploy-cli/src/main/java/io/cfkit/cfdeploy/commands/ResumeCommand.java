package io.cfkit.cfdeploy.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", description = "Lets a canary plan started with --manual go on to its next step.")
public final class ResumeCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        kit.rollouts(spec.commandLine().getOut()).resume(app);
        return 0;
    }
}
