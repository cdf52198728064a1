package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.cf.StubFoundation;
import io.cfkit.cfdeploy.configrepo.BareRemote;
import io.cfkit.cfdeploy.configrepo.ConfigRepoClone;
import io.cfkit.cfdeploy.configrepo.SharedRolloutStore;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.traffic.PolicyFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout under --dry-run on Cloud Foundry, with the parts KitOptions chooses for it: the platform over the stub
 * foundation, the policy and rollout stores in a clone of a config repository (a bare repository on disk standing for
 * the remote), each wrapped in its dry-run decorator. It reads, prints what it would change, and changes nothing.
 */
class DryRunRolloutsTest {

    @TempDir
    Path dir;

    /** What was done goes here: under --dry-run, nothing. */
    private static final PrintWriter NOWHERE = new PrintWriter(Writer.nullWriter());

    private final StringWriter output = new StringWriter();
    private final FakeGateways gateways = new FakeGateways();
    private StubFoundation foundation;
    private BareRemote remote;
    private Rollouts rollouts;

    @BeforeEach
    void blueRunsOnTheFoundation() throws Exception {
        remote = BareRemote.create(dir, BareRemote.GATEWAY_CONFIG);
        PrintWriter out = new PrintWriter(output, true);
        foundation = new StubFoundation(dir.resolve("kit"));
        Platform platform = foundation.platformRunning(List.of(RolloutsContract.gateway(), RolloutsContract.hello()),
                output, true);
        ConfigRepoClone repo = ConfigRepoClone.in(dir.resolve("state"), remote.source());
        rollouts = new Rollouts(platform, new DryRunPolicyStore(new PolicyRepository(repo), repo.branch(), out),
                new DryRunGateways(gateways, out),
                new DryRunRolloutStore(new SharedRolloutStore(repo, false, out), out), new DryRunSmokeTest(out),
                new DryRunWaits(out), out, NOWHERE);
    }

    @AfterEach
    void stopFoundation() {
        foundation.close();
    }

    @Test
    void aDeployPrintsTheCallsAndTheCommitItWouldMakeAndMakesNone() throws Exception {
        ObjectId before = remote.head();

        rollouts.deploy(RolloutsContract.HELLO, "green", null, Map.of(), false);

        assertThat(output.toString()).contains(
                "would commit " + PolicyFile.NAME + " on main: Deploy hello green beside blue with no traffic",
                "would make every gateway apply it",
                "would call: POST /v3/spaces/" + CfPlatformRolloutsTest.SPACE + "/actions/apply_manifest",
                "would call: POST /v3/routes",
                "would smoke-test hello-green on",
                "would wait until every gateway reaches green of hello",
                "would save the rollout state of hello");
        assertThat(output.toString()).doesNotContain("is ready", "Traffic of hello");
        assertThat(foundation.calls()).isNotEmpty().allMatch(call -> call.startsWith("GET "));
        assertThat(gateways.converged()).isEmpty();
        assertThat(remote.head()).isEqualTo(before);
        assertThat(remote.sharedRefs()).isEmpty();
    }

    @Test
    void aCanaryPlanReadsTheMetricsAndReturnsAtOnceChangingNothing(@TempDir Path rolloutsFolder) throws Exception {
        FakePolicyStore policies = new FakePolicyStore();
        FileRolloutStore store = new FileRolloutStore(rolloutsFolder);
        FakePlatform platform = new FakePlatform(RolloutsContract.gateway(), RolloutsContract.hello());
        PrintWriter out = new PrintWriter(output, true);
        new Rollouts(platform, policies, gateways, store, new FakeSmokeTest(), new FakeWaits(), out, out)
                .deploy(RolloutsContract.HELLO, "green", null, Map.of(), false);
        gateways.measure(RolloutsContract.HELLO, "blue", 900, 0, 10);
        gateways.measure(RolloutsContract.HELLO, "green", 100, 0, 11);
        int converged = gateways.converged().size();
        List<PolicyStore.Change> history = policies.history(RolloutsContract.HELLO);
        Rollout before = store.find(RolloutsContract.HELLO).orElseThrow();
        Rollouts dryRun = new Rollouts(platform, new DryRunPolicyStore(policies, "main", out),
                new DryRunGateways(gateways, out), new DryRunRolloutStore(store, out), new DryRunSmokeTest(out),
                new DryRunWaits(out), out, NOWHERE);
        int deployOutput = output.getBuffer().length();

        dryRun.runPlan(RolloutsContract.HELLO, List.of(25, 50), Duration.ofHours(1),
                new CanaryAnalysis(0.01, 1.5, 50), true);

        String printed = output.getBuffer().substring(deployOutput);
        assertThat(printed).contains(
                "would commit " + PolicyFile.NAME + " on main: Canary hello: green at 25 %",
                "would commit " + PolicyFile.NAME + " on main: Canary hello: green at 50 %", "  analysis: ",
                "would save the rollout state of hello");
        assertThat(printed).doesNotContain("The plan is done", "Traffic of hello");
        assertThat(policies.history(RolloutsContract.HELLO)).isEqualTo(history);
        assertThat(gateways.converged()).hasSize(converged);
        assertThat(store.find(RolloutsContract.HELLO)).contains(before);
    }
}
