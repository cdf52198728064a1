package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.traffic.Rollout.Version;
import io.cfkit.traffic.RoutePolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout scenarios, the same on every platform: each subclass gives the platform, everything else (policy
 * store, gateways, smoke test, waits) is a fake. A platform that can fail for real (the local one) also says how a
 * call or a smoke test fails on it, and what its smoke-test addresses are. Each failure ends with the traffic where
 * it was before the command: the same policy, and the same apps running, as the platform reports them.
 */
abstract class RolloutsContract {

    static final String HELLO = "hello";
    private static final RoutePolicy BLUE_ONLY = RoutePolicy.stableOnly(HELLO, "blue");

    /** A platform on which the apps run, each with the instances its manifest asks for. */
    protected abstract Platform platformRunning(List<AppManifest> apps);

    @TempDir
    Path rolloutsFolder;

    final FakePolicyStore policies = new FakePolicyStore();
    final FakeGateways gateways = new FakeGateways();
    final FakeSmokeTest smokeTest = new FakeSmokeTest();
    final FakeWaits waits = new FakeWaits();
    final StringWriter output = new StringWriter();
    RecordingPlatform platform;
    FileRolloutStore store;
    Rollouts rollouts;

    @BeforeEach
    void blueRuns() {
        platform = new RecordingPlatform(platformRunning(List.of(gateway(), hello())));
        store = new FileRolloutStore(rolloutsFolder);
        PrintWriter out = new PrintWriter(output, true);
        rollouts = new Rollouts(platform, policies, gateways, store, smokeTest(), waits, out, out);
    }

    /**
     * Makes the platform fail {@code call} (as {@link RecordingPlatform} records it, e.g. {@code "start hello"}) from
     * now on, and returns a part of the failure's message. By default the call fails before it reaches the platform; a
     * platform that can fail it for real (an app whose instances crash) does that instead.
     */
    protected String failOn(String call) {
        platform.failOn(call);
        return call + " failed";
    }

    /** Makes the smoke test of the app fail; by default the fake smoke test fails, whatever the app. */
    protected void failSmokeTestOf(String app) {
        smokeTest.fail();
    }

    /** The smoke test the rollouts run: the fake, which records the addresses, unless a platform tests for real. */
    protected SmokeTest smokeTest() {
        return smokeTest;
    }

    /** Whether the smoke test reached the app at {@code url}: by default a host named after the app. */
    protected boolean isAddressOf(String app, URI url) {
        return url.getHost().startsWith(app + "-");
    }

    static AppManifest gateway() {
        return new AppManifest("edge-gateway", "manifests/edge-gateway.yml", "/apps/edge-gateway.jar", null, 256, 1,
                List.of("hello.example.com"), Map.of(), "http", "/health", 60);
    }

    static AppManifest hello() {
        return new AppManifest(HELLO, "manifests/hello.yml", "/apps/hello.jar", null, 256, 2,
                List.of("hello.apps.internal"), Map.of("APP_VERSION", "blue", "GREETING", "hi"), "http",
                "/actuator/health", 60);
    }

    // deploy

    @Test
    void deployPushesTheNewVersionWithNoRouteAndSmokeTestsItBeforeItIsReady() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of("FAULT", "0.1"), false);

        assertThat(platform.calls()).containsExactly("push hello-green", "allowTrafficLike hello-green hello",
                "openSmokeTarget hello-green", "closeSmokeTarget hello-green");
        AppManifest green = platform.manifest("hello-green").orElseThrow();
        assertThat(green.routes()).isEmpty();
        assertThat(green.env()).containsEntry("APP_VERSION", "green").containsEntry("GREETING", "hi")
                .containsEntry("FAULT", "0.1");
        // the new version's addresses: one per instance locally, its temporary route on Cloud Foundry
        assertThat(smokeTest.tested()).isNotEmpty().allMatch(url -> isAddressOf("hello-green", url));
        assertThat(policy()).contains(BLUE_ONLY.withCanary("green", 0));
        assertThat(running()).containsExactlyInAnyOrderEntriesOf(Map.of(HELLO, 2, "hello-green", 2));
        assertThat(store.find(HELLO).orElseThrow().canary()).isEqualTo(new Version("green", "hello-green", 2));
        assertThat(output.toString()).contains("green of hello is ready, with no traffic");
    }

    @Test
    void aFailedPushLeavesNoNewAppAndTheTrafficAsItWas() {
        String failure = failOn("push hello-green");

        assertThatThrownBy(() -> rollouts.deploy(HELLO, "green", null, Map.of(), false))
                .isInstanceOf(UserError.class).hasMessageContaining(failure);

        assertThat(platform.calls()).containsExactly("push hello-green", "delete hello-green");
        assertTrafficAsAtFirst();
        assertThat(store.find(HELLO)).isEmpty();
    }

    @Test
    void aFailedSmokeTestDeletesTheNewAppAndClosesItsTarget() {
        failSmokeTestOf("hello-green");

        assertThatThrownBy(() -> rollouts.deploy(HELLO, "green", null, Map.of(), false))
                .hasMessageContaining("smoke test");

        assertThat(platform.calls()).containsExactly("push hello-green", "allowTrafficLike hello-green hello",
                "openSmokeTarget hello-green", "closeSmokeTarget hello-green", "delete hello-green");
        assertTrafficAsAtFirst();
        assertThat(policies.lastMessage()).startsWith("Undo the deploy of hello green: smoke test");
    }

    @Test
    void withKeepFailedAFailedSmokeTestStopsTheNewAppAndKeepsIt() {
        failSmokeTestOf("hello-green");

        assertThatThrownBy(() -> rollouts.deploy(HELLO, "green", null, Map.of(), true)).isInstanceOf(UserError.class);

        assertThat(platform.calls()).endsWith("stop hello-green", "delete hello-green-failed",
                "rename hello-green hello-green-failed").doesNotContain("delete hello-green");
        assertThat(platform.manifest("hello-green")).isEmpty();
        assertThat(platform.manifest("hello-green-failed")).hasValueSatisfying(kept -> assertThat(kept.env())
                .containsEntry("APP_VERSION", "green"));
        assertThat(running()).containsEntry("hello-green-failed", 0).containsEntry(HELLO, 2)
                .doesNotContainKey("hello-green");
        assertThat(policy()).isEmpty();
        assertThat(output.toString()).contains("hello-green is stopped and kept as hello-green-failed (--keep-failed)");
    }

    @Test
    void aDeployWhoseFirstPolicyIsNotAppliedInTimePushesNothing() {
        gateways.timeOutOnConverge(1);

        assertThatThrownBy(() -> rollouts.deploy(HELLO, "green", null, Map.of(), false))
                .hasMessageContaining("did not apply");

        assertThat(platform.calls()).isEmpty();
        assertTrafficAsAtFirst();
    }

    @Test
    void aNewVersionTheGatewaysDoNotReachIsDeleted() {
        gateways.unreachable("green");

        assertThatThrownBy(() -> rollouts.deploy(HELLO, "green", null, Map.of(), false))
                .hasMessageContaining("reaches no instance of hello green");

        assertThat(platform.calls()).endsWith("delete hello-green");
        assertTrafficAsAtFirst();
    }

    @Test
    void aDeployNextToACanaryIsRefusedAndChangesNothing() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        List<String> calls = platform.calls();

        assertThatThrownBy(() -> rollouts.deploy(HELLO, "red", null, Map.of(), false))
                .hasMessage("a canary of hello is in progress (green): promote it or roll it back first");
        assertThat(platform.calls()).isEqualTo(calls);
    }

    @Test
    void thePreviousVersionDeployedAgainRunsInItsOwnAppAndIsStoppedAgainIfItFails() throws Exception {
        promotedGreen();
        failSmokeTestOf(HELLO);
        int before = platform.calls().size();

        assertThatThrownBy(() -> rollouts.deploy(HELLO, "blue", null, Map.of(), false)).isInstanceOf(UserError.class);

        assertThat(platform.calls().subList(before, platform.calls().size())).containsExactly("push hello",
                "allowTrafficLike hello hello-green", "openSmokeTarget hello", "closeSmokeTarget hello", "stop hello");
        assertThat(platform.manifest(HELLO).orElseThrow().routes()).containsExactly("hello.apps.internal");
        assertThat(policy()).contains(RoutePolicy.stableOnly(HELLO, "green"));
        assertThat(running()).containsExactlyInAnyOrderEntriesOf(Map.of(HELLO, 0, "hello-green", 2));
    }

    // canary

    @Test
    void aWeightIsOneCommitEveryGatewayApplies() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);

        rollouts.setWeight(HELLO, 10, "first look");

        assertThat(policy()).contains(BLUE_ONLY.withCanary("green", 10));
        assertThat(policies.lastMessage()).isEqualTo("Canary hello: green at 10 % (was 0 %) — first look");
        assertThat(gateways.converged()).hasSize(2);
    }

    @Test
    void aPlanGoesStepByStepAndEndsAtItsLastWeight() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        healthyTraffic();

        rollouts.runPlan(HELLO, List.of(25, 50), Duration.ofSeconds(30), analysis(), false);

        assertThat(policy()).contains(BLUE_ONLY.withCanary("green", 50));
        assertThat(waits.pauses()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(output.toString()).contains("The plan is done: green takes 50 %");
        assertThat(store.find(HELLO).orElseThrow().plan()).isNull();
    }

    @Test
    void aCanaryFailingAnalysisGoesBackToZeroPercent() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        rollouts.setWeight(HELLO, 5, null);
        gateways.measure(HELLO, "blue", 900, 0, 10);
        gateways.measure(HELLO, "green", 100, 30, 10);

        assertThatThrownBy(() -> rollouts.runPlan(HELLO, List.of(20, 50), Duration.ofSeconds(30), analysis(), false))
                .hasMessageStartingWith("canary green failed analysis at 20 %: ")
                .hasMessageEndingWith("its weight is back to 0 %");

        assertThat(policy()).contains(BLUE_ONLY.withCanary("green", 0));
        assertThat(running()).containsEntry(HELLO, 2).containsEntry("hello-green", 2);
        assertThat(store.find(HELLO).orElseThrow().plan()).isNull();
    }

    @Test
    void anInterruptedPlanPutsTheWeightBackWhereItWas() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        rollouts.setWeight(HELLO, 5, null);
        healthyTraffic();
        waits.interruptPause(2);

        assertThatThrownBy(() -> rollouts.runPlan(HELLO, List.of(20, 50), Duration.ofSeconds(30), analysis(), false))
                .isInstanceOf(InterruptedException.class);

        assertThat(policy()).contains(BLUE_ONLY.withCanary("green", 5));
        assertThat(policies.lastMessage()).startsWith("Put the traffic of hello back to blue 95 %, green 5 %:"
                + " the canary plan stopped half-way");
        assertThat(store.find(HELLO).orElseThrow().plan()).isNull();
    }

    @Test
    void aPlanStepTheGatewaysDoNotApplyPutsTheWeightBackWhereItWas() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        rollouts.setWeight(HELLO, 5, null);
        healthyTraffic();
        gateways.timeOutOnConverge(2);

        assertThatThrownBy(() -> rollouts.runPlan(HELLO, List.of(20, 50), Duration.ofSeconds(30), analysis(), false))
                .hasMessageContaining("did not apply");

        assertThat(policy()).contains(BLUE_ONLY.withCanary("green", 5));
        assertThat(gateways.converged()).last().isEqualTo(policies.history(HELLO).get(0).commit());
    }

    @Test
    void aManualPlanWaitsForResumeAtEachStep() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        healthyTraffic();
        waits.meanwhile(() -> {
            assertThat(store.find(HELLO).orElseThrow().plan().paused()).isTrue();
            rollouts.resume(HELLO);
        });

        rollouts.runPlan(HELLO, List.of(20, 50), Duration.ZERO, analysis(), true);

        assertThat(output.toString()).contains("Paused at 20 %: run cf-deploy resume hello to go on.")
                .doesNotContain("Paused at 50 %");
        assertThat(policy()).contains(BLUE_ONLY.withCanary("green", 50));
    }

    @Test
    void aManualPlanNobodyResumesPutsTheWeightBack() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        healthyTraffic();

        assertThatThrownBy(() -> rollouts.runPlan(HELLO, List.of(20, 50), Duration.ZERO, analysis(), true))
                .hasMessageStartingWith("no cf-deploy resume hello within 1 h of the pause");

        assertThat(policy()).contains(BLUE_ONLY.withCanary("green", 0));
    }

    // promote

    @Test
    void promoteScalesTheCanaryUpToTheStableCountThenStopsTheOldVersion() throws Exception {
        platform.scale(HELLO, 3);
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        rollouts.setWeight(HELLO, 10, null);
        int before = platform.calls().size();

        rollouts.promote(HELLO, null);

        assertThat(platform.calls().subList(before, platform.calls().size()))
                .containsExactly("scale hello-green 3", "stop hello");
        assertThat(policy()).contains(RoutePolicy.stableOnly(HELLO, "green"));
        assertThat(running()).containsExactlyInAnyOrderEntriesOf(Map.of(HELLO, 0, "hello-green", 3));
        assertThat(platform.manifest(HELLO)).as("kept for rollback").isPresent();
        Rollout promoted = store.find(HELLO).orElseThrow();
        assertThat(promoted.stable()).isEqualTo(new Version("green", "hello-green", 3));
        assertThat(promoted.previous().name()).isEqualTo("blue");
        assertThat(output.toString()).contains("green is the stable version of hello; hello is stopped and kept");
    }

    @Test
    void aPromoteWhoseCanaryIsNotReachedPutsEverythingBack() throws Exception {
        platform.scale(HELLO, 3);
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        rollouts.setWeight(HELLO, 10, null);
        Optional<RoutePolicy> before = policy();
        gateways.unreachable("green");

        assertThatThrownBy(() -> rollouts.promote(HELLO, null)).hasMessageContaining("reaches no instance");

        assertThat(policy()).isEqualTo(before);
        assertThat(running()).containsExactlyInAnyOrderEntriesOf(Map.of(HELLO, 3, "hello-green", 2));
        assertThat(store.find(HELLO).orElseThrow().canary().name()).isEqualTo("green");
    }

    @Test
    void aPromoteWhoseOldVersionDoesNotStopPutsEverythingBack() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        rollouts.setWeight(HELLO, 10, null);
        Optional<RoutePolicy> before = policy();
        String failure = failOn("stop hello");

        assertThatThrownBy(() -> rollouts.promote(HELLO, null)).isInstanceOf(UserError.class)
                .hasMessageContaining(failure);

        assertThat(platform.calls()).endsWith("stop hello", "start hello");
        assertThat(policy()).isEqualTo(before);
        assertThat(running()).containsExactlyInAnyOrderEntriesOf(Map.of(HELLO, 2, "hello-green", 2));
    }

    // rollback

    @Test
    void rollbackDuringACanaryStopsTheCanary() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        rollouts.setWeight(HELLO, 10, null);

        rollouts.rollback(HELLO, "too slow");

        assertThat(platform.calls()).endsWith("stop hello-green");
        assertThat(policy()).contains(BLUE_ONLY);
        assertThat(running()).containsExactlyInAnyOrderEntriesOf(Map.of(HELLO, 2, "hello-green", 0));
        assertThat(store.find(HELLO).orElseThrow().hasCanary()).isFalse();
    }

    @Test
    void rollbackAfterPromoteStartsThePreviousVersionFirstAndStopsTheCurrentOneLast() throws Exception {
        promotedGreen();
        int before = platform.calls().size();

        rollouts.rollback(HELLO, null);

        assertThat(platform.calls().subList(before, platform.calls().size()))
                .containsExactly("start hello", "stop hello-green");
        assertThat(policy()).contains(BLUE_ONLY);
        assertThat(running()).containsExactlyInAnyOrderEntriesOf(Map.of(HELLO, 2, "hello-green", 0));
        assertThat(store.find(HELLO).orElseThrow().stable().name()).isEqualTo("blue");
        assertThat(output.toString()).contains("blue is the stable version of hello again.");
    }

    @Test
    void aRollbackWhosePreviousVersionIsNotReachedLeavesTheCurrentOne() throws Exception {
        promotedGreen();
        gateways.unreachable("blue");

        assertThatThrownBy(() -> rollouts.rollback(HELLO, null)).hasMessageContaining("reaches no instance");

        assertThat(platform.calls()).endsWith("start hello", "stop hello");
        assertThat(policy()).contains(RoutePolicy.stableOnly(HELLO, "green"));
        assertThat(running()).containsExactlyInAnyOrderEntriesOf(Map.of(HELLO, 0, "hello-green", 2));
        assertThat(store.find(HELLO).orElseThrow().stable().name()).isEqualTo("green");
    }

    @Test
    void aRollbackWhosePreviousVersionDoesNotStartLeavesTheCurrentOne() throws Exception {
        promotedGreen();
        String failure = failOn("start hello");

        assertThatThrownBy(() -> rollouts.rollback(HELLO, null)).isInstanceOf(UserError.class)
                .hasMessageContaining(failure);

        assertThat(platform.calls()).endsWith("start hello", "stop hello");
        assertThat(policy()).contains(RoutePolicy.stableOnly(HELLO, "green"));
        assertThat(running()).containsExactlyInAnyOrderEntriesOf(Map.of(HELLO, 0, "hello-green", 2));
    }

    @Test
    void aSecondRollbackHasNothingToGoBackTo() throws Exception {
        promotedGreen();
        rollouts.rollback(HELLO, null);

        assertThatThrownBy(() -> rollouts.rollback(HELLO, null)).hasMessage("nothing to roll back to for hello:"
                + " no canary in progress and no version before the last promote");
    }

    private void promotedGreen() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        rollouts.setWeight(HELLO, 10, null);
        rollouts.promote(HELLO, null);
    }

    private void healthyTraffic() {
        gateways.measure(HELLO, "blue", 900, 0, 10);
        gateways.measure(HELLO, "green", 100, 0, 11);
    }

    private static CanaryAnalysis analysis() {
        return new CanaryAnalysis(0.01, 1.5, 50);
    }

    private Optional<RoutePolicy> policy() {
        return policies.policy(HELLO);
    }

    /** Running instances per app of the service (the apps named after it) the platform has. */
    private Map<String, Integer> running() {
        Map<String, Integer> running = new LinkedHashMap<>();
        for (AppStatus app : platform.apps()) {
            if (app.name().equals(HELLO) || app.name().startsWith(HELLO + "-")) {
                running.put(app.name(), (int) app.runningInstances());
            }
        }
        return running;
    }

    /** As before any rollout: no policy, and only blue runs. */
    private void assertTrafficAsAtFirst() {
        assertThat(policy()).isEmpty();
        assertThat(running()).containsExactlyInAnyOrderEntriesOf(Map.of(HELLO, 2));
    }
}
