package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.local.LocalPlatform;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.traffic.GatewayFleet;
import io.cfkit.cfdeploy.traffic.KitCredentials;
import io.cfkit.cfdeploy.traffic.PolicyRepository;
import io.cfkit.cfdeploy.traffic.RolloutStore;
import io.cfkit.cfdeploy.traffic.Rollouts;
import java.nio.file.Files;
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

    /** The gateways of the running kit, reached with the credentials the platform gave them. */
    GatewayFleet gateways(LocalPlatform platform) {
        AppManifest gateway = platform.manifest("edge-gateway").orElseThrow(() -> new UserError(
                "the kit runs no edge-gateway: traffic is shifted through it"));
        return new GatewayFleet(KitCredentials.from(System.getenv(), gateway.env()));
    }

    /** The config repository the running config server serves: traffic policies are committed there. */
    PolicyRepository policies(LocalPlatform platform) {
        String uri = platform.manifest("config-server").map(m -> m.env().get("CONFIG_REPO_URI")).orElseThrow(
                () -> new UserError("the kit runs no config-server: traffic policies live in its repository"));
        Path repo = Path.of(uri.startsWith("file:") ? java.net.URI.create(uri).getPath() : uri);
        if (!Files.isDirectory(repo.resolve(".git"))) {
            throw new UserError("the config repository " + uri + " is not a local git repository: cf-deploy commits"
                    + " traffic policies to a local one only (unset CONFIG_REPO_URI to use the kit's)");
        }
        return new PolicyRepository(repo);
    }

    Rollouts rollouts(PrintWriter out) {
        LocalPlatform platform = platform(out);
        return new Rollouts(platform, policies(platform), gateways(platform), rolloutStore(), out);
    }

    RolloutStore rolloutStore() {
        return new RolloutStore(state().root().resolve("rollouts"));
    }
}
