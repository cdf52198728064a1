package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.ChildProcesses;
import io.cfkit.cfdeploy.Poller;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.traffic.Rollout.Plan;
import io.cfkit.cfdeploy.traffic.Rollout.Version;
import io.cfkit.traffic.MetricsReport;
import io.cfkit.traffic.RoutePolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Blue-green and canary rollouts of a service through the gateway: each traffic change is a commit of the
 * policy that every gateway is then made to load and checked to apply. A step that fails puts the traffic
 * back where it was before the command.
 */
public final class Rollouts {

    private static final Pattern VERSION_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SMOKE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration VERSION_REACHABLE_TIMEOUT = Duration.ofSeconds(30);
    /** A paused plan holds the rollout lock: one nobody resumes must not hold it for ever. */
    private static final Duration PAUSE_LIMIT = Duration.ofHours(1);
    private static final Duration RESUME_POLL = Duration.ofMillis(200);

    private final Platform platform;
    private final PolicyRepository policies;
    private final GatewayFleet gateways;
    private final RolloutStore store;
    private final PrintWriter out;

    public Rollouts(Platform platform, PolicyRepository policies, GatewayFleet gateways, RolloutStore store,
            PrintWriter out) {
        this.platform = platform;
        this.policies = policies;
        this.gateways = gateways;
        this.store = store;
        this.out = out;
    }

    /** Starts a new version beside the stable one with no traffic, smoke-tests it, and reports it ready. */
    public void deploy(String service, String version, Path jar, Map<String, String> env, Path smokeScript)
            throws Exception {
        if (!VERSION_NAME.matcher(version).matches()) {
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
                    ? rollout.previous().app() : service + "-" + version;
            Map<String, String> appEnv = new LinkedHashMap<>(base.env());
            appEnv.putAll(env);
            appEnv.put("APP_VERSION", version);
            AppManifest manifest = new AppManifest(app, base.manifestFile(),
                    jar != null ? jar.toAbsolutePath().toString() : base.path(), base.command(), base.memoryMb(),
                    base.instances(), base.routes(), appEnv, base.healthCheckType(), base.healthCheckEndpoint(),
                    base.timeoutSeconds());

            RoutePolicy before = currentPolicy(service, rollout);
            apply(service, RoutePolicy.stableOnly(service, rollout.stable().name()).withCanary(version, 0),
                    "Deploy " + service + " " + version + " beside " + rollout.stable().name() + " with no traffic");
            try {
                platform.push(manifest);
                // a request pinned to the new version right after deploy returns must reach it
                gateways.awaitVersionReachable(service, version, VERSION_REACHABLE_TIMEOUT);
                smokeTest(manifest, smokeScript);
            } catch (Exception e) {
                // a failed push has already put the platform back; a failed smoke test leaves the app to stop
                if (platform.manifest(app).isPresent()) {
                    platform.scale(app, 0);
                }
                apply(service, before, "Undo the deploy of " + service + " " + version + ": " + e.getMessage());
                throw e;
            }
            store.save(rollout.withCanary(new Version(version, app, manifest.instances())));
            out.println(version + " of " + service + " is ready, with no traffic. Next: cf-deploy canary " + service
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
     * A step plan: each step sets the weight, waits, and judges the canary on the gateways' metrics; a failed
     * judgement (or an interruption) puts the weight back to 0 and fails the command.
     */
    public void runPlan(String service, List<Integer> steps, Duration interval, CanaryAnalysis analysis,
            boolean manual) throws Exception {
        checkSteps(steps);
        try (AutoCloseable lock = store.lock(service, "canary " + service + " --steps " + steps)) {
            Rollout rollout = requireCanary(service);
            String stable = rollout.stable().name();
            String canary = rollout.canary().name();
            RoutePolicy start = withCanary(rollout, currentPolicy(service, rollout).weight());
            Thread restoreOnInterrupt = new Thread(() -> restore(service, start, "the canary plan was interrupted"));
            Runtime.getRuntime().addShutdownHook(restoreOnInterrupt);
            boolean finished = false;
            try {
                for (int i = 0; i < steps.size(); i++) {
                    int weight = steps.get(i);
                    apply(service, start.withWeight(weight), "Canary " + service + ": " + canary + " at " + weight
                            + " % (step " + (i + 1) + " of " + steps.size() + " of the plan)");
                    store.save(rollout.withPlan(new Plan(steps, i, false)));
                    waitFor(interval);
                    CanaryAnalysis.Verdict verdict = analysis.judge(stats(service, stable), stats(service, canary));
                    out.println("  analysis: " + verdict.figures());
                    out.flush();
                    if (!verdict.passed()) {
                        apply(service, start.withWeight(0), "Roll back the canary of " + service + ": " + canary
                                + " failed analysis at step " + (i + 1) + ": " + verdict.figures());
                        store.save(rollout.withPlan(null));
                        finished = true;
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
                store.save(rollout.withPlan(null));
                finished = true;
                out.println("The plan is done: " + canary + " takes " + steps.get(steps.size() - 1)
                        + " %. Next: cf-deploy promote " + service);
            } finally {
                Runtime.getRuntime().removeShutdownHook(restoreOnInterrupt);
                if (!finished) {
                    restore(service, start, "the canary plan stopped half-way");
                    store.save(rollout.withPlan(null));
                }
            }
        }
    }

    public void resume(String service) {
        Rollout rollout = requireCanary(service);
        if (rollout.plan() == null || !rollout.plan().paused()) {
            throw new UserError("no paused canary plan for " + service);
        }
        store.requestResume(service);
        out.println("Resumed the canary plan of " + service + ".");
    }

    /** All traffic to the canary, then the old version is drained and stopped (kept for rollback). */
    public void promote(String service, String reason) throws Exception {
        try (AutoCloseable lock = store.lock(service, "promote " + service)) {
            Rollout rollout = requireCanary(service);
            String canary = rollout.canary().name();
            RoutePolicy before = currentPolicy(service, rollout);
            apply(service, withCanary(rollout, 100), "Promote " + service + ": " + canary + " takes all traffic"
                    + because(reason));
            try {
                gateways.awaitVersionReachable(service, canary, VERSION_REACHABLE_TIMEOUT);
            } catch (UserError e) {
                restore(service, before, "the promote failed: " + e.getMessage());
                throw e;
            }
            apply(service, RoutePolicy.stableOnly(service, canary), "Promote " + service + ": " + canary
                    + " is the stable version, " + rollout.stable().name() + " is stopped");
            platform.scale(rollout.stable().app(), 0);
            store.save(rollout.promoted());
            out.println(rollout.canary().name() + " is the stable version of " + service + "; "
                    + rollout.stable().app() + " is stopped and kept for cf-deploy rollback.");
        }
    }

    /**
     * During a canary: all traffic back to the stable version at once. After a promote: the previous version
     * is started again and takes the traffic once healthy.
     */
    public void rollback(String service, String reason) throws Exception {
        try (AutoCloseable lock = store.lock(service, "rollback " + service)) {
            Rollout rollout = store.find(service).orElseThrow(() -> nothingToRollBack(service));
            if (rollout.hasCanary()) {
                apply(service, RoutePolicy.stableOnly(service, rollout.stable().name()), "Roll back " + service
                        + ": "
                        + rollout.canary().name() + " abandoned, " + rollout.stable().name() + " takes all traffic"
                        + because(reason));
                platform.scale(rollout.canary().app(), 0);
                store.save(rollout.canaryAbandoned());
                out.println(rollout.stable().name() + " takes all traffic of " + service + "; "
                        + rollout.canary().app() + " is stopped.");
            } else if (rollout.previous() != null) {
                Version previous = rollout.previous();
                platform.scale(previous.app(), Math.max(1, previous.instances()));
                // As a canary at 100 %: a gateway whose client does not reach the restarted instances yet
                // keeps sending to the current version instead of answering 503.
                apply(service,
                        RoutePolicy.stableOnly(service, rollout.stable().name()).withCanary(previous.name(), 100),
                        "Roll back " + service + " to " + previous.name() + ": it takes all traffic" + because(reason));
                try {
                    gateways.awaitVersionReachable(service, previous.name(), VERSION_REACHABLE_TIMEOUT);
                } catch (UserError e) {
                    restore(service, RoutePolicy.stableOnly(service, rollout.stable().name()), "the rollback failed: "
                            + e.getMessage());
                    platform.scale(previous.app(), 0);
                    throw e;
                }
                apply(service, RoutePolicy.stableOnly(service, previous.name()), "Roll back " + service + " to "
                        + previous.name() + ": " + rollout.stable().name() + " is stopped");
                platform.scale(rollout.stable().app(), 0);
                store.save(rollout.rolledBackToPrevious());
                out.println(previous.name() + " is the stable version of " + service + " again.");
            } else {
                throw nothingToRollBack(service);
            }
        }
    }

    /** Commits the policy and makes every gateway apply it; if they do not, commits the old one back. */
    private void apply(String service, RoutePolicy policy, String message) {
        RoutePolicy before = policies.policy(service).orElse(null);
        String commit = policies.commit(service, policy, message);
        out.println(message);
        out.flush();
        try {
            Duration took = gateways.converge(commit, policies::contains, CONVERGE_TIMEOUT, out);
            out.printf("Traffic of %s: %s; every gateway applies it (%.2f s)%n", service, policy.describe(),
                    took.toNanos() / 1e9);
            out.flush();
        } catch (UserError e) {
            policies.commit(service, before, "Put the traffic of " + service + " back: " + e.getMessage());
            throw e;
        }
    }

    private void restore(String service, RoutePolicy policy, String why) {
        try {
            if (!policy.equals(policies.policy(service).orElse(null))) {
                apply(service, policy, "Put the traffic of " + service + " back to " + policy.describe() + ": " + why);
            }
        } catch (RuntimeException e) {
            out.println("cf-deploy: could not put the traffic back: " + e.getMessage());
            out.flush();
        }
    }

    FleetVersionStats stats(String service, String version) {
        List<MetricsReport> metrics = new ArrayList<>();
        metrics.addAll(gateways.metrics());
        return FleetVersionStats.of(service, metrics).getOrDefault(version, FleetVersionStats.none(version));
    }

    private void smokeTest(AppManifest app, Path script) throws IOException, InterruptedException {
        List<String> urls = platform.apps().stream().filter(a -> a.name().equals(app.name()))
                .flatMap(a -> a.instances().stream()).map(AppStatus.InstanceStatus::url).toList();
        for (String url : urls) {
            if (script != null) {
                int exit = ChildProcesses.run(new ProcessBuilder(script.toAbsolutePath().toString(), url).inheritIO(),
                        SMOKE_TIMEOUT, "smoke test " + script);
                if (exit != 0) {
                    throw new UserError("smoke test " + script + " failed (exit " + exit + ") on " + url);
                }
            } else {
                HttpResponse<Void> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(url + app.healthCheckEndpoint())).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() != 200) {
                    throw new UserError("smoke test: " + url + app.healthCheckEndpoint() + " answered "
                            + health.statusCode());
                }
            }
            out.println("  smoke test passed on " + url);
        }
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
        Poller.every(RESUME_POLL, PAUSE_LIMIT).await(() -> store.takeResumeRequest(service),
                () -> "no cf-deploy resume " + service + " within " + PAUSE_LIMIT.toHours()
                        + " h of the pause: the plan stops and the canary's weight goes back");
    }

    private void waitFor(Duration interval) throws InterruptedException {
        if (!interval.isZero()) {
            out.printf("  watching for %d s%n", interval.toSeconds());
            out.flush();
            Thread.sleep(interval.toMillis());
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
