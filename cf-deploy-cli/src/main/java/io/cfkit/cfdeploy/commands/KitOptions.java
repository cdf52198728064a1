package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.bluegreen.HttpHealthProbe;
import io.cfkit.cfdeploy.bluegreen.RouteSwitch;
import io.cfkit.cfdeploy.cf.CfConnection;
import io.cfkit.cfdeploy.cf.CfGateways;
import io.cfkit.cfdeploy.cf.CfLogin;
import io.cfkit.cfdeploy.cf.CfPlatform;
import io.cfkit.cfdeploy.cf.CfTargetOptions;
import io.cfkit.cfdeploy.cf.NetworkPolicies;
import io.cfkit.cfdeploy.configrepo.ConfigRepoClone;
import io.cfkit.cfdeploy.configrepo.ConfigRepoSource;
import io.cfkit.cfdeploy.configrepo.SharedRolloutStore;
import io.cfkit.cfdeploy.local.LocalGateways;
import io.cfkit.cfdeploy.local.LocalPlatform;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.manifest.Vars;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.traffic.DryRunGateways;
import io.cfkit.cfdeploy.traffic.DryRunPolicyStore;
import io.cfkit.cfdeploy.traffic.DryRunRolloutStore;
import io.cfkit.cfdeploy.traffic.DryRunSmokeTest;
import io.cfkit.cfdeploy.traffic.DryRunWaits;
import io.cfkit.cfdeploy.traffic.GatewayFleet;
import io.cfkit.cfdeploy.traffic.KitCredentials;
import io.cfkit.cfdeploy.traffic.PolicyRepository;
import io.cfkit.cfdeploy.traffic.FileRolloutStore;
import io.cfkit.cfdeploy.traffic.RolloutStore;
import io.cfkit.cfdeploy.traffic.Rollouts;
import io.cfkit.cfdeploy.traffic.TrafficGateways;
import io.cfkit.cfdeploy.traffic.UrlSmokeTest;
import io.cfkit.cfdeploy.traffic.Waits;
import java.nio.file.Files;
import io.cfkit.cfdeploy.local.StateDir;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the kit is: its top folder, the platform it runs on, and the local platform's state folder. */
public final class KitOptions {

    /** How long an app newly mapped by a route switch may take to answer healthy on a route. */
    private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(60);
    /** Where a dry run's results go: it did nothing, and its "would" lines say what it would have done. */
    private static final PrintWriter NOWHERE = new PrintWriter(Writer.nullWriter());

    @Option(names = "--target", paramLabel = "local|cf",
            description = "The platform: local (this machine, the default) or cf (the foundation the cf CLI is logged"
                    + " in to, or --api); default: $CF_DEPLOY_TARGET, else local.")
    String target;

    @Option(names = "--api", paramLabel = "URL", description = "With --target cf: the Cloud Controller to log in to"
            + " with CF_USERNAME and CF_PASSWORD from the environment, instead of the cf CLI's login.")
    String api;

    @Option(names = "--org", paramLabel = "ORG", description = "With --target cf: the org (default: the cf"
            + " CLI's target).")
    String org;

    @Option(names = "--space", paramLabel = "SPACE", description = "With --target cf: the space (default: the"
            + " cf CLI's target).")
    String space;

    @Option(names = "--skip-ssl-validation", description = "With --target cf: do not verify the API's TLS certificate"
            + " (the cf CLI's login may say so too).")
    boolean skipSslValidation;

    @Option(names = "--force-unlock", description = "Rollout commands with a shared config repository"
            + " (CONFIG_REPO_URI): break the rollout lock a command that died left behind, saying whose it was."
            + " Locks on this machine's state folder need no breaking: they end with their process.")
    boolean forceUnlock;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The one clone a command uses, for its policies and its rollouts alike; null until asked for. */
    private Optional<ConfigRepoClone> sharedConfigRepo;

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

    /** True with --target cf or CF_DEPLOY_TARGET=cf; any value but local and cf is refused. */
    boolean onCloudFoundry() {
        String chosen = target != null ? target : System.getenv().getOrDefault("CF_DEPLOY_TARGET", "local");
        return switch (chosen) {
            case "local" -> false;
            case "cf" -> true;
            default -> throw new UserError("unknown target '" + chosen + "'"
                    + (target != null ? "" : " in CF_DEPLOY_TARGET") + ": use --target local or --target cf");
        };
    }

    /** The local platform, for the commands that only it has; on Cloud Foundry they are refused. */
    LocalPlatform platform(PrintWriter out) {
        if (onCloudFoundry()) {
            throw new UserError("cf-deploy " + command.name() + " runs on the local platform only, not with --target cf"
                    + " (with --target cf: apps, push, scale, logs --recent and the rollout commands)");
        }
        return new LocalPlatform(state(), out);
    }

    /** The platform of --target, for a command that changes nothing. */
    Platform targetPlatform(PrintWriter out) {
        return targetPlatform(out, false);
    }

    /** The platform of --target; {@code dryRun} prints the Cloud Foundry calls that would change something. */
    Platform targetPlatform(PrintWriter out, boolean dryRun) {
        if (onCloudFoundry()) {
            return cfPlatform(out, dryRun, Vars.of(Map.of()));
        }
        if (dryRun) {
            throw localDryRun();
        }
        return platform(out);
    }

    /** Refuses --dry-run on the local platform, before anything is read or made. */
    void checkDryRun(boolean dryRun) {
        if (dryRun && !onCloudFoundry()) {
            throw localDryRun();
        }
    }

    private static UserError localDryRun() {
        return new UserError("--dry-run prints the Cloud Foundry API calls a command would make: use it with"
                + " --target cf");
    }

    /** The Cloud Foundry platform; {@code vars} are the ones manifests are pushed with. */
    CfPlatform cfPlatform(PrintWriter out, boolean dryRun, Vars vars) {
        CfLogin login = CfLogin.resolve(new CfTargetOptions(api, org, space, skipSslValidation), System.getenv());
        // The connection lives as long as this command, that is, the process.
        return new CfConnection(login).platform(out, dryRun, vars);
    }

    /**
     * The Cloud Foundry platform for a rollout: a new version of an app is pushed from the kit's manifest of the app
     * (manifests/, with manifests/vars-cf.yml as cf-deploy push uses them) and its jar.
     */
    CfPlatform cfRolloutPlatform(PrintWriter out, boolean dryRun) {
        Path folder = home().resolve("manifests");
        Vars vars = Vars.of(Map.of());
        for (Path file : defaultCfVarsFiles(folder)) {
            vars = vars.overriddenBy(Vars.read(file));
        }
        AppSet kitApps = Files.isDirectory(folder) ? AppSet.read(folder, vars) : AppSet.of(List.of());
        CfLogin login = CfLogin.resolve(new CfTargetOptions(api, org, space, skipSslValidation), System.getenv());
        return new CfConnection(login).platform(out, dryRun, vars, kitApps);
    }

    /** The vars files the manifests are pushed with to Cloud Foundry unless others are given. */
    static List<Path> defaultCfVarsFiles(Path manifests) {
        Path cf = manifests.resolve("vars-cf.yml");
        return Files.exists(cf) ? List.of(cf) : List.of();
    }

    /**
     * The gateways of the running kit, reached with the credentials the platform gave them: locally at the addresses
     * they registered in Eureka, on Cloud Foundry through the gateway's route, instance by instance.
     */
    GatewayFleet gateways(Platform platform) {
        AppManifest gateway = platform.manifest(NetworkPolicies.GATEWAY).orElseThrow(() -> new UserError(
                "the kit runs no edge-gateway: traffic is shifted through it"));
        KitCredentials credentials = KitCredentials.from(gateway.env(), System.getenv());
        return platform instanceof CfPlatform cf ? new GatewayFleet(credentials, new CfGateways(cf))
                : new GatewayFleet(credentials, new LocalGateways(platform::apps));
    }

    /**
     * Where the traffic policies are committed: a clone of the config server's repository, pushed after each commit,
     * on Cloud Foundry and wherever CONFIG_REPO_URI names a remote one; else the running config server's own
     * repository on this machine.
     */
    PolicyRepository policyStore(Platform platform) {
        String uri = configRepoUri(platform);
        Optional<ConfigRepoClone> shared = sharedConfigRepo(platform);
        if (shared.isPresent()) {
            if (!onCloudFoundry() && !uri.equals(System.getenv("CONFIG_REPO_URI"))) {
                throw new UserError("the running config server serves another repository than CONFIG_REPO_URI "
                        + shared.get().displayName() + ": set CONFIG_REPO_URI as it was for cf-deploy up, or run"
                        + " cf-deploy up again");
            }
            return new PolicyRepository(shared.get());
        }
        return localWorkingTree(uri).map(PolicyRepository::new).orElseThrow(() -> new UserError(
                "the config repository " + ConfigRepoSource.of(uri, Map.of()).displayName() + " of the running"
                        + " config server is not a local git repository: set CONFIG_REPO_URI to it, so cf-deploy"
                        + " clones it and pushes there"));
    }

    /**
     * The repository the config server serves: on Cloud Foundry CONFIG_REPO_URI from the environment if set (the
     * same remote, reached from here), else the config-server app's; locally the config-server app's.
     */
    String configRepoUri(Platform platform) {
        String fromEnv = System.getenv("CONFIG_REPO_URI");
        if (onCloudFoundry() && fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return platform.manifest("config-server").map(m -> m.env().get("CONFIG_REPO_URI")).orElseThrow(
                () -> new UserError("the kit runs no config-server: traffic policies live in its repository"));
    }

    /**
     * What a rollout command works on, each built once: the platform of --target and the store of rollouts and their
     * locks; with {@code dryRun} (Cloud Foundry only) the platform prints the calls that would change something and
     * the store takes no lock and saves nothing.
     */
    record RolloutTarget(Platform platform, RolloutStore store, boolean dryRun) {
    }

    /** The rollout target; --dry-run on the local platform is refused before anything is read. */
    RolloutTarget rolloutTarget(PrintWriter out, boolean dryRun) {
        checkDryRun(dryRun);
        Platform platform = onCloudFoundry() ? cfRolloutPlatform(out, dryRun) : platform(out);
        // The store first: a rollout that cannot keep its state must not start.
        RolloutStore store = rolloutStore(platform);
        return new RolloutTarget(platform, dryRun ? new DryRunRolloutStore(store, out) : store, dryRun);
    }

    /** The rollouts through the gateways of a new target; {@code smokeScript} null for the health-check smoke test. */
    Rollouts rollouts(PrintWriter out, Path smokeScript, boolean dryRun) {
        return rollouts(rolloutTarget(out, dryRun), smokeScript, out);
    }

    /**
     * The rollouts through the target's gateways, with its policy store; under --dry-run they read what is there, and
     * print the platform's calls, the commits, the saves and the gateway refreshes they would make, making none.
     */
    Rollouts rollouts(RolloutTarget target, Path smokeScript, PrintWriter out) {
        Platform platform = target.platform();
        PolicyRepository policies = policyStore(platform);
        TrafficGateways gateways = gateways(platform);
        if (!target.dryRun()) {
            return new Rollouts(platform, policies, gateways, target.store(), new UrlSmokeTest(smokeScript, out),
                    Waits.realTime(), out, out);
        }
        String branch = sharedConfigRepo(platform).map(ConfigRepoClone::branch)
                .orElse("the config server's branch");
        return new Rollouts(platform, new DryRunPolicyStore(policies, branch, out), new DryRunGateways(gateways, out),
                target.store(), new DryRunSmokeTest(out), new DryRunWaits(out), out, NOWHERE);
    }

    /**
     * The route switch on the target, for an app not behind the gateway; {@code smokeScript} null for the health-check
     * smoke test. Under --dry-run it tests nothing and waits for nothing, and the platform prints its changing calls.
     */
    RouteSwitch routeSwitch(RolloutTarget target, Path smokeScript, PrintWriter out) {
        return target.dryRun()
                ? new RouteSwitch(target.platform(), target.store(), new DryRunSmokeTest(out), new HttpHealthProbe(),
                        new DryRunWaits(out), ROUTE_TIMEOUT, out, NOWHERE)
                : new RouteSwitch(target.platform(), target.store(), new UrlSmokeTest(smokeScript, out),
                        new HttpHealthProbe(), Waits.realTime(), ROUTE_TIMEOUT, out, out);
    }

    /**
     * Where rollouts and their locks are kept: in the config repository when it is a shared clone (on Cloud Foundry,
     * or CONFIG_REPO_URI naming a remote one), so that every machine deploying to it sees them; else in this
     * machine's state folder.
     */
    RolloutStore rolloutStore(Platform platform) {
        return sharedConfigRepo(platform)
                .<RolloutStore>map(repo -> new SharedRolloutStore(repo, forceUnlock, command.commandLine().getOut()))
                .orElseGet(() -> new FileRolloutStore(state().root().resolve("rollouts")));
    }

    /**
     * The clone (in the state folder) of the config repository, with CONFIG_REPO_BRANCH and the CONFIG_REPO_USERNAME
     * / CONFIG_REPO_PASSWORD credentials: on Cloud Foundry always (see {@link #configRepoUri}); locally the one
     * CONFIG_REPO_URI names, none when it is unset or names a local repository with a working tree (the local kit's),
     * which cf-deploy commits to directly.
     */
    Optional<ConfigRepoClone> sharedConfigRepo(Platform platform) {
        if (sharedConfigRepo == null) {
            Optional<ConfigRepoSource> source = onCloudFoundry()
                    ? Optional.of(ConfigRepoSource.of(configRepoUri(platform), System.getenv()))
                    : ConfigRepoSource.fromEnvironment(System.getenv())
                            .filter(s -> localWorkingTree(s.uri()).isEmpty());
            sharedConfigRepo = source.map(s -> ConfigRepoClone.in(state().root(), s));
        }
        return sharedConfigRepo;
    }

    /** The folder of a local repository with a working tree at {@code uri} (a path or a file: URI), if it is one. */
    private static Optional<Path> localWorkingTree(String uri) {
        try {
            Path repo = uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)) : Path.of(uri);
            return Files.isDirectory(repo.resolve(".git")) ? Optional.of(repo) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
