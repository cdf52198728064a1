package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.local.StateDir;
import io.cfkit.cfdeploy.local.Supervisor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The local platform's background process, started by {@code up}; not for users to run. */
@Command(name = "supervise", hidden = true)
public final class SuperviseCommand implements Callable<Integer> {

    @Option(names = "--state-dir", required = true)
    Path stateDir;

    @Override
    public Integer call() throws InterruptedException {
        new Supervisor(new StateDir(stateDir)).run();
        return 0;
    }
}
