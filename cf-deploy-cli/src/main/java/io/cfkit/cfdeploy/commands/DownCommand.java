package io.cfkit.cfdeploy.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "down", description = "Stops every app and the local platform; the config repo and"
        + " credentials are kept for the next up.")
public final class DownCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        kit.platform(spec.commandLine().getOut()).down();
        return 0;
    }
}
