package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyRepositoryTest {

    @TempDir
    Path repo;

    private PolicyRepository policies;

    @BeforeEach
    void repositoryWithOneCommit() throws Exception {
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("edge-gateway.yml"), "zuul: {}\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("initial").setAuthor("t", "t@t").setCommitter("t", "t@t").setSign(false).call();
        }
        policies = new PolicyRepository(repo);
    }

    @Test
    void aCommittedPolicyIsReadBackAndTheFileIsWhatTheGatewayReads() throws Exception {
        String commit = policies.commit("helloworld-service",
                TrafficPolicy.stableOnly("blue").withCanary("green", 10), "Canary helloworld-service: green at 10 %");

        assertThat(policies.policy("helloworld-service")).contains(new TrafficPolicy("blue", "green", 10));
        assertThat(policies.head()).isEqualTo(commit);
        assertThat(Files.readString(repo.resolve(PolicyRepository.FILE)))
                .contains("traffic:\n  routes:\n    helloworld-service:\n      stable: blue\n      canary: green\n"
                        + "      weight: 10\n");
    }

    @Test
    void committingTheSamePolicyMakesNoCommit() {
        String first = policies.commit("s", TrafficPolicy.stableOnly("blue"), "Pin s to blue");
        String second = policies.commit("s", TrafficPolicy.stableOnly("blue"), "Pin s to blue again");

        assertThat(second).isEqualTo(first);
        assertThat(policies.history("s")).hasSize(1);
    }

    @Test
    void historyListsTheServicesChangesNewestFirstWithTheirReasons() {
        policies.commit("hello", TrafficPolicy.stableOnly("blue").withCanary("green", 0), "Deploy hello green");
        policies.commit("helloworld-service", TrafficPolicy.stableOnly("a"), "Pin helloworld-service to a");
        policies.commit("hello", TrafficPolicy.stableOnly("blue").withCanary("green", 25), "Canary hello: green at 25 %");
        policies.commit("helloworld-service", TrafficPolicy.stableOnly("b"), "Pin helloworld-service (not hello) to b");

        assertThat(policies.history("hello")).extracting(PolicyRepository.Change::message)
                .containsExactly("Canary hello: green at 25 %", "Deploy hello green");
        assertThat(policies.history("helloworld-service")).extracting(PolicyRepository.Change::message)
                .containsExactly("Pin helloworld-service (not hello) to b", "Pin helloworld-service to a");
        assertThat(policies.history("world")).isEmpty();
    }

    @Test
    void historyIncludesARemovalOfThePolicy() {
        policies.commit("hello", TrafficPolicy.stableOnly("blue"), "Pin hello");
        policies.commit("hello", null, "Forget it");

        assertThat(policies.history("hello")).extracting(PolicyRepository.Change::message)
                .containsExactly("Forget it", "Pin hello");
    }

    @Test
    void removingAPolicyLeavesTheOthers() {
        policies.commit("s", TrafficPolicy.stableOnly("blue"), "Pin s");
        policies.commit("t", TrafficPolicy.stableOnly("x"), "Pin t");

        policies.commit("s", null, "Forget s");

        assertThat(policies.all()).containsOnlyKeys("t");
    }
}
