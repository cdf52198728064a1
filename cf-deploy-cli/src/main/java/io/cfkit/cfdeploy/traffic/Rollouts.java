package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.AppVersions;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.platform.SmokeTarget;
import io.cfkit.cfdeploy.traffic.Rollout.Plan;
import io.cfkit.cfdeploy.traffic.Rollout.Version;
import io.cfkit.traffic.RoutePolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Blue-green and canary rollouts of a service through the gateway: each traffic change is a commit of the
 * policy that every gateway is then made to load and checked to apply. Each command is a sequence of steps, each
 * with its undo ({@link Steps}): a step that fails undoes the ones done, so traffic ends where it was before the
 * command. Every part it works on is given to it, so the same rollouts run on any {@link Platform}.
 */
public final class Rollouts {

    /** The app whose instances send a service its traffic; the new version must accept its connections. */
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration VERSION_REACHABLE_TIMEOUT = Duration.ofSeconds(30);
    /** A paused plan holds the rollout lock: one nobody resumes must not hold it for ever. */
    private static final Duration PAUSE_LIMIT = Duration.ofHours(1);
    private static final Duration RESUME_POLL = Duration.ofMillis(200);

    private final Platform platform;
    private final PolicyStore policies;
    private final TrafficGateways gateways;
    private final RolloutStore store;
    private final SmokeTest smokeTest;
    private final Waits waits;
    private final PrintWriter out;
    private final PrintWriter results;

    /**
     * @param out     progress: the steps, what a dry run would do, the undos
     * @param results what was done: each traffic change and where it leaves the traffic, the command's last line;
     *                nowhere under --dry-run, where nothing is done
     */
    public Rollouts(Platform platform, PolicyStore policies, TrafficGateways gateways, RolloutStore store,
            SmokeTest smokeTest, Waits waits, PrintWriter out, PrintWriter results) {
        this.platform = platform;
        this.policies = policies;
        this.gateways = gateways;
        this.store = store;
        this.smokeTest = smokeTest;
        this.waits = waits;
        this.out = out;
        this.results = results;
    }

    /**
     * Starts a new version beside the stable one with no traffic and no route of its own, smoke-tests it, and
     * reports it ready. If that fails, the new app is deleted, or with {@code keepFailed} stopped and kept.
     */
    public void deploy(String service, String version, Path jar, Map<String, String> env, boolean keepFailed)
            throws Exception {
        if (!AppVersions.NAME.matcher(version).matches()) {
            throw new UserError("version '" + version + "' is not a name: use lower-case letters, digits and -");
        }
        try (AutoCloseable lock = store.lock(service, "deploy " + service + " --version " + version)) {
            AppManifest base = baseManifest(service);
            Rollout rollout = store.find(service).orElseGet(() -> firstRollout(service, base));
            if (rollout.hasCanary()) {
                throw new UserError("a canary of " + service + " is in progress (" + rollout.canary().name()
                        + "): promote it or roll it back first");
            }
            if (version.equals(rollout.stable().name())) {
                throw new UserError(version + " is already the stable version of " + service);
            }
            String app = rollout.previous() != null && rollout.previous().name().equals(version)
                    ? rollout.previous().app() : AppVersions.appOf(service, version);
            boolean existed = platform.manifest(app).isPresent();
            Map<String, String> appEnv = new LinkedHashMap<>(base.env());
            appEnv.putAll(env);
            appEnv.put("APP_VERSION", version);
            // No route: on Cloud Foundry a route shared with the live version would send it live traffic at once.
            // The service's own app (a previous version deployed again) keeps its routes.
            AppManifest manifest = new AppManifest(app, base.manifestFile(),
                    jar != null ? jar.toAbsolutePath().toString() : base.path(), base.command(), base.memoryMb(),
                    base.instances(), app.equals(service) ? base.routes() : List.of(), appEnv,
                    base.healthCheckType(), base.healthCheckEndpoint(), base.timeoutSeconds());

            RoutePolicy before = policies.policy(service).orElse(null);
            Steps steps = new Steps(out);
            steps.run(() -> apply(service, RoutePolicy.stableOnly(service, rollout.stable().name())
                            .withCanary(version, 0), "Deploy " + service + " " + version + " beside "
                            + rollout.stable().name() + " with no traffic"),
                    cause -> restore(service, before, "Undo the deploy of " + service + " " + version + ": "
                            + cause.getMessage()));
            steps.run(() -> platform.push(manifest), cause -> removeFailed(app, existed, keepFailed));
            // whatever reaches the stable version (every gateway) reaches the new one
            steps.run(() -> platform.allowTrafficLike(app, rollout.stable().app()), Steps.NOTHING_TO_UNDO);
            steps.run(() -> {
                try (SmokeTarget target = platform.openSmokeTarget(app)) {
                    smokeTest.run(manifest, target.urls());
                }
            }, Steps.NOTHING_TO_UNDO);
            // a request pinned to the new version right after deploy returns must reach it
            steps.run(() -> gateways.awaitVersionReachable(service, version, VERSION_REACHABLE_TIMEOUT),
                    Steps.NOTHING_TO_UNDO);
            store.save(rollout.withCanary(new Version(version, app, manifest.instances())));
            results.println(version + " of " + service + " is ready, with no traffic. Next: cf-deploy canary " + service
                    + " --weight 10");
        }
    }

    /** One canary step: sets the canary's share of traffic. */
    public void setWeight(String service, int weight, String reason) throws Exception {
        checkWeight(weight);
        try (AutoCloseable lock = store.lock(service, "canary " + service + " --weight " + weight)) {
            Rollout rollout = requireCanary(service);
            int was = currentPolicy(service, rollout).weight();
            apply(service, withCanary(rollout, weight), "Canary " + service + ": " + rollout.canary().name() + " at "
                    + weight + " % (was " + was + " %)" + because(reason));
        }
    }

    /**
     * A step plan: each step sets the weight, waits, and judges the canary on the gateways' metrics. A failed
     * judgement puts the weight to 0 and fails the command; any other failure, or an interruption, puts the weight
     * back where it was before the plan.
     */
    public void runPlan(String service, List<Integer> steps, Duration interval, CanaryAnalysis analysis,
            boolean manual) throws Exception {
        checkSteps(steps);
        try (AutoCloseable lock = store.lock(service, "canary " + service + " --steps " + steps)) {
            Rollout rollout = requireCanary(service);
            String stable = rollout.stable().name();
            String canary = rollout.canary().name();
            RoutePolicy start = withCanary(rollout, currentPolicy(service, rollout).weight());
            Steps done = new Steps(out);
            Steps.Undo restoreStart = putBack(service, start, "");
            Thread restoreOnInterrupt = new Thread(() -> done.undoAll(
                    new UserError("the canary plan was interrupted")));
            Runtime.getRuntime().addShutdownHook(restoreOnInterrupt);
            try {
                for (int i = 0; i < steps.size(); i++) {
                    int weight = steps.get(i);
                    int step = i;
                    done.run(() -> apply(service, start.withWeight(weight), "Canary " + service + ": " + canary
                            + " at " + weight + " % (step " + (step + 1) + " of " + steps.size() + " of the plan)"),
                            restoreStart);
                    store.save(rollout.withPlan(new Plan(steps, i, false)));
                    waitFor(interval);
                    CanaryAnalysis.Verdict verdict = analysis.judge(stats(service, stable), stats(service, canary));
                    out.println("  analysis: " + verdict.figures());
                    out.flush();
                    if (!verdict.passed()) {
                        done.run(() -> apply(service, start.withWeight(0), "Roll back the canary of " + service
                                + ": " + canary + " failed analysis at step " + (step + 1) + ": "
                                + verdict.figures()), Steps.NOTHING_TO_UNDO);
                        done.keep();
                        throw new UserError("canary " + canary + " failed analysis at " + weight + " %: "
                                + verdict.figures() + "; its weight is back to 0 %");
                    }
                    if (manual && i < steps.size() - 1) {
                        store.save(rollout.withPlan(new Plan(steps, i, true)));
                        out.println("Paused at " + weight + " %: run cf-deploy resume " + service + " to go on.");
                        out.flush();
                        awaitResume(service);
                    }
                }
                done.keep();
                results.println("The plan is done: " + canary + " takes " + steps.get(steps.size() - 1)
                        + " %. Next: cf-deploy promote " + service);
            } catch (Exception e) {
                done.undoAll(new UserError("the canary plan stopped half-way: " + e.getMessage()));
                throw e;
            } finally {
                Runtime.getRuntime().removeShutdownHook(restoreOnInterrupt);
                store.save(rollout.withPlan(null));
            }
        }
    }

    public void resume(String service) {
        Rollout rollout = requireCanary(service);
        if (rollout.plan() == null || !rollout.plan().paused()) {
            throw new UserError("no paused canary plan for " + service);
        }
        store.requestResume(service);
        results.println("Resumed the canary plan of " + service + ".");
    }

    /**
     * The canary is scaled up to the stable version's instance count, takes all traffic, and the old version is
     * stopped (kept for rollback).
     */
    public void promote(String service, String reason) throws Exception {
        try (AutoCloseable lock = store.lock(service, "promote " + service)) {
            Rollout rollout = requireCanary(service);
            Version old = rollout.stable();
            String canary = rollout.canary().name();
            String canaryApp = rollout.canary().app();
            Steps.Undo restoreBefore = putBack(service, policies.policy(service).orElse(null), "the promote failed: ");
            int canaryInstances = desiredInstances(canaryApp);
            int instances = Math.max(canaryInstances, desiredInstances(old.app()));
            Steps steps = new Steps(out);
            if (instances > canaryInstances) {
                // the canary takes the whole load: as many instances as the version it replaces, first
                steps.run(() -> platform.scale(canaryApp, instances),
                        cause -> platform.scale(canaryApp, canaryInstances));
            }
            steps.run(() -> apply(service, withCanary(rollout, 100), "Promote " + service + ": " + canary
                    + " takes all traffic" + because(reason)), restoreBefore);
            steps.run(() -> gateways.awaitVersionReachable(service, canary, VERSION_REACHABLE_TIMEOUT),
                    Steps.NOTHING_TO_UNDO);
            steps.run(() -> apply(service, RoutePolicy.stableOnly(service, canary), "Promote " + service + ": "
                    + canary + " is the stable version, " + old.name() + " is stopped"), restoreBefore);
            steps.run(() -> platform.stop(old.app()), cause -> platform.start(old.app()));
            store.save(new Rollout(service, new Version(canary, canaryApp, instances), null, old, null));
            results.println(canary + " is the stable version of " + service + "; " + old.app()
                    + " is stopped and kept for cf-deploy rollback.");
        }
    }

    /**
     * During a canary: all traffic back to the stable version at once, and the canary stopped. After a promote:
     * the previous version is started again, takes the traffic once healthy, and the current one is stopped.
     */
    public void rollback(String service, String reason) throws Exception {
        try (AutoCloseable lock = store.lock(service, "rollback " + service)) {
            Rollout rollout = store.find(service).orElseThrow(() -> nothingToRollBack(service));
            Version current = rollout.stable();
            Steps.Undo restoreBefore = putBack(service, policies.policy(service).orElse(null), "the rollback failed: ");
            Steps steps = new Steps(out);
            if (rollout.hasCanary()) {
                Version canary = rollout.canary();
                steps.run(() -> apply(service, RoutePolicy.stableOnly(service, current.name()), "Roll back "
                        + service + ": " + canary.name() + " abandoned, " + current.name() + " takes all traffic"
                        + because(reason)), restoreBefore);
                steps.run(() -> platform.stop(canary.app()), Steps.NOTHING_TO_UNDO);
                store.save(rollout.canaryAbandoned());
                results.println(current.name() + " takes all traffic of " + service + "; " + canary.app()
                        + " is stopped.");
            } else if (rollout.previous() != null) {
                Version previous = rollout.previous();
                steps.run(() -> platform.start(previous.app()), cause -> platform.stop(previous.app()));
                // As a canary at 100 %: a gateway whose client does not reach the restarted instances yet
                // keeps sending to the current version instead of answering 503.
                steps.run(() -> apply(service,
                        RoutePolicy.stableOnly(service, current.name()).withCanary(previous.name(), 100),
                        "Roll back " + service + " to " + previous.name() + ": it takes all traffic"
                                + because(reason)), restoreBefore);
                steps.run(() -> gateways.awaitVersionReachable(service, previous.name(), VERSION_REACHABLE_TIMEOUT),
                        Steps.NOTHING_TO_UNDO);
                steps.run(() -> apply(service, RoutePolicy.stableOnly(service, previous.name()), "Roll back "
                        + service + " to " + previous.name() + ": " + current.name() + " is stopped"), restoreBefore);
                steps.run(() -> platform.stop(current.app()), cause -> platform.start(current.app()));
                store.save(rollout.rolledBackToPrevious());
                results.println(previous.name() + " is the stable version of " + service + " again.");
            } else {
                throw nothingToRollBack(service);
            }
        }
    }

    /**
     * Commits the policy (null: none, every instance serves the service) and makes every gateway apply it; if they do
     * not, commits the old one back.
     */
    private void apply(String service, RoutePolicy policy, String message) {
        RoutePolicy before = policies.policy(service).orElse(null);
        String commit = policies.commit(service, policy, message);
        results.println(message);
        results.flush();
        try {
            gateways.converge(commit, policies::contains, CONVERGE_TIMEOUT, out);
            results.println("Traffic of " + service + ": " + describe(policy));
            results.flush();
        } catch (UserError e) {
            policies.commit(service, before, "Put the traffic of " + service + " back: " + e.getMessage());
            throw e;
        }
    }

    /**
     * Makes the policy the one the gateways apply again, if it is not the one committed now; a failure is reported,
     * not thrown, so the undos after it still run.
     */
    private void restore(String service, RoutePolicy policy, String message) {
        try {
            if (!Objects.equals(policy, policies.policy(service).orElse(null))) {
                apply(service, policy, message);
            }
        } catch (RuntimeException e) {
            out.println("cf-deploy: could not put the traffic back: " + e.getMessage());
            out.flush();
        }
    }

    /** The undo of a traffic change: back to {@code policy}, saying why. */
    private Steps.Undo putBack(String service, RoutePolicy policy, String why) {
        return cause -> restore(service, policy, "Put the traffic of " + service + " back to " + describe(policy)
                + ": " + why + cause.getMessage());
    }

    private static String describe(RoutePolicy policy) {
        return policy == null ? "no policy: all instances" : policy.describe();
    }

    /**
     * The undo of a deploy's push: a new app is deleted, or with --keep-failed stopped and kept; an app that was
     * there before (a version kept for rollback, deployed again) is stopped, as it was.
     */
    private void removeFailed(String app, boolean existed, boolean keepFailed) {
        if (existed) {
            platform.stop(app);
            out.println(app + " is stopped again, as it was before the deploy.");
        } else if (keepFailed) {
            if (platform.manifest(app).isPresent()) {
                // Under another name, so the version can be deployed again while the failed one stays for a look.
                String kept = app + "-failed";
                platform.stop(app);
                platform.delete(kept);
                platform.rename(app, kept);
                out.println(app + " is stopped and kept as " + kept + " (--keep-failed): cf-deploy logs " + kept
                        + " --recent tells why; the next failed deploy of the version kept replaces it.");
            }
        } else {
            platform.delete(app);
        }
        out.flush();
    }

    /** The instance count the platform runs the app with, 0 for an app it does not have. */
    private int desiredInstances(String app) {
        return platform.apps().stream().filter(a -> a.name().equals(app)).mapToInt(AppStatus::desiredInstances)
                .findFirst().orElse(0);
    }

    FleetVersionStats stats(String service, String version) {
        return FleetVersionStats.of(service, gateways.metrics()).getOrDefault(version,
                FleetVersionStats.none(version));
    }

    private AppManifest baseManifest(String service) {
        return platform.requireManifest(service);
    }

    private Rollout firstRollout(String service, AppManifest base) {
        String version = base.env().get("APP_VERSION");
        if (version == null || version.isBlank()) {
            throw new UserError(service + "'s manifest sets no APP_VERSION: give the running version a name there");
        }
        return new Rollout(service, new Version(version, service, base.instances()), null, null, null);
    }

    private Rollout requireCanary(String service) {
        platform.requireManifest(service);
        return store.find(service).filter(Rollout::hasCanary).orElseThrow(() -> new UserError(
                "no canary in progress for " + service + ": start one with cf-deploy deploy " + service
                        + " --version NAME"));
    }

    private static RoutePolicy withCanary(Rollout rollout, int weight) {
        return RoutePolicy.stableOnly(rollout.service(), rollout.stable().name())
                .withCanary(rollout.canary().name(), weight);
    }

    private RoutePolicy currentPolicy(String service, Rollout rollout) {
        return policies.policy(service).orElse(RoutePolicy.stableOnly(service, rollout.stable().name()));
    }

    private void awaitResume(String service) {
        if (!waits.until(() -> store.takeResumeRequest(service), RESUME_POLL, PAUSE_LIMIT)) {
            throw new UserError("no cf-deploy resume " + service + " within " + PAUSE_LIMIT.toHours()
                    + " h of the pause: the plan stops and the canary's weight goes back");
        }
    }

    private void waitFor(Duration interval) throws InterruptedException {
        if (!interval.isZero()) {
            out.printf("  watching for %d s%n", interval.toSeconds());
            out.flush();
            waits.pause(interval);
        }
    }

    static void checkWeight(int weight) {
        if (!RoutePolicy.isWeight(weight)) {
            throw new UserError(RoutePolicy.weightProblem(weight));
        }
    }

    static void checkSteps(List<Integer> steps) {
        if (steps.isEmpty()) {
            throw new UserError("no steps: give them like --steps 10,25,50,100");
        }
        for (int i = 0; i < steps.size(); i++) {
            checkWeight(steps.get(i));
            if (i > 0 && steps.get(i) <= steps.get(i - 1)) {
                throw new UserError("steps must go up: " + steps.get(i - 1) + " then " + steps.get(i));
            }
        }
    }

    private static UserError nothingToRollBack(String service) {
        return new UserError("nothing to roll back to for " + service
                + ": no canary in progress and no version before the last promote");
    }

    private static String because(String reason) {
        return reason == null || reason.isBlank() ? "" : " — " + reason;
    }
}
