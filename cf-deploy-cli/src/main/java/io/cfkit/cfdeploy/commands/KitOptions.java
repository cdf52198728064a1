package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.local.LocalPlatform;
import io.cfkit.cfdeploy.local.StateDir;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the kit is: its top folder and the local platform's state folder. */
public final class KitOptions {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The local platform's state folder (default: .cf-deploy in the kit's top folder,"
                    + " or $CF_DEPLOY_STATE_DIR).")
    Path stateDir;

    /** The kit's top folder: set by the ./cf-deploy launcher, else the working directory. */
    Path home() {
        return Path.of(System.getProperty("cfdeploy.home", "")).toAbsolutePath().normalize();
    }

    StateDir state() {
        if (stateDir != null) {
            return new StateDir(stateDir);
        }
        String fromEnv = System.getenv("CF_DEPLOY_STATE_DIR");
        return new StateDir(fromEnv != null ? Path.of(fromEnv) : home().resolve(".cf-deploy"));
    }

    LocalPlatform platform(PrintWriter out) {
        return new LocalPlatform(state(), out);
    }
}
