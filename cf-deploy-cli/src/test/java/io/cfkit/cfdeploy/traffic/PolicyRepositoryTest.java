package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.traffic.PolicyFile;
import io.cfkit.traffic.PolicyFiles;
import io.cfkit.traffic.RoutePolicy;
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
        String commit = policies.commit("helloworld-service", RoutePolicy.stableOnly("helloworld-service", "blue").withCanary("green", 10), "Canary helloworld-service: green at 10 %");

        assertThat(policies.policy("helloworld-service")).contains(new RoutePolicy("helloworld-service", "blue", "green", 10));
        assertThat(policies.head()).isEqualTo(commit);
        assertThat(Files.readString(repo.resolve(PolicyFile.NAME)))
                .contains("traffic:\n  routes:\n    helloworld-service:\n      stable: blue\n      canary: green\n"
                        + "      weight: 10\n");
    }

    @Test
    void committingTheSamePolicyMakesNoCommit() {
        String first = policies.commit("s", RoutePolicy.stableOnly("s", "blue"), "Pin s to blue");
        String second = policies.commit("s", RoutePolicy.stableOnly("s", "blue"), "Pin s to blue again");

        assertThat(second).isEqualTo(first);
        assertThat(policies.history("s")).hasSize(1);
    }

    @Test
    void historyListsTheServicesChangesNewestFirstWithTheirReasons() {
        policies.commit("hello", RoutePolicy.stableOnly("hello", "blue").withCanary("green", 0), "Deploy hello green");
        policies.commit("helloworld-service", RoutePolicy.stableOnly("helloworld-service", "a"), "Pin helloworld-service to a");
        policies.commit("hello", RoutePolicy.stableOnly("hello", "blue").withCanary("green", 25), "Canary hello: green at 25 %");
        policies.commit("helloworld-service", RoutePolicy.stableOnly("helloworld-service", "b"), "Pin helloworld-service (not hello) to b");

        assertThat(policies.history("hello")).extracting(PolicyStore.Change::message)
                .containsExactly("Canary hello: green at 25 %", "Deploy hello green");
        assertThat(policies.history("helloworld-service")).extracting(PolicyStore.Change::message)
                .containsExactly("Pin helloworld-service (not hello) to b", "Pin helloworld-service to a");
        assertThat(policies.history("world")).isEmpty();
    }

    @Test
    void historyIncludesARemovalOfThePolicy() {
        policies.commit("hello", RoutePolicy.stableOnly("hello", "blue"), "Pin hello");
        policies.commit("hello", null, "Forget it");

        assertThat(policies.history("hello")).extracting(PolicyStore.Change::message)
                .containsExactly("Forget it", "Pin hello");
    }

    @Test
    void removingAPolicyLeavesTheOthers() {
        policies.commit("s", RoutePolicy.stableOnly("s", "blue"), "Pin s");
        policies.commit("t", RoutePolicy.stableOnly("t", "x"), "Pin t");

        policies.commit("s", null, "Forget s");

        assertThat(policies.all()).containsOnlyKeys("t");
    }

    @Test
    void aRolloutCommitKeepsTheGlobalKeysTheGatewayReads() throws Exception {
        Files.writeString(repo.resolve(PolicyFile.NAME), "# set by an operator\n" + PolicyFiles.WITH_GLOBAL_KEYS);
        commitByHand("global keys");

        policies.commit("hello", RoutePolicy.stableOnly("hello", "blue").withCanary("green", 10), "Canary hello");
        policies.commit("hello", RoutePolicy.stableOnly("hello", "green"), "Promote hello");

        PolicyFile file = PolicyFile.parse(Files.readString(repo.resolve(PolicyFile.NAME)));
        assertThat(file.policy().settings()).isEqualTo(PolicyFiles.GLOBAL_SETTINGS);
        assertThat(file.policy().routes()).containsOnlyKeys("hello", "helloworld-service", "other-service");
        assertThat(policies.policy("hello")).contains(RoutePolicy.stableOnly("hello", "green"));
    }

    @Test
    void aCommitContainsItselfAndIsContainedInLaterCommitsOnly() throws Exception {
        String ours = policies.commit("hello", RoutePolicy.stableOnly("hello", "blue"), "Pin hello");
        String byHand = commitByHand("someone else's change");

        assertThat(policies.contains(ours, ours)).isTrue();
        assertThat(policies.contains(byHand, ours)).as("a later commit built on ours").isTrue();
        assertThat(policies.contains(ours, byHand)).as("an earlier commit").isFalse();
        assertThat(policies.contains("0123456789012345678901234567890123456789", ours)).as("unknown").isFalse();
        assertThat(policies.contains("not a commit", ours)).isFalse();
        assertThat(policies.contains("", ours)).isFalse();
        assertThat(policies.contains(null, ours)).isFalse();
    }

    @Test
    void aSiblingCommitDoesNotContainOurs() throws Exception {
        String base = policies.head();
        String ours = policies.commit("hello", RoutePolicy.stableOnly("hello", "blue"), "Pin hello");
        String sibling;
        try (Git git = Git.open(repo.toFile())) {
            git.checkout().setCreateBranch(true).setName("other").setStartPoint(base).call();
            sibling = commitByHand("beside ours");
        }

        assertThat(policies.contains(sibling, ours)).isFalse();
    }

    private String commitByHand(String message) throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            Files.writeString(repo.resolve("edge-gateway.yml"), "zuul: {}\n# " + message + "\n");
            git.add().addFilepattern(".").call();
            return git.commit().setMessage(message).setAuthor("o", "o@o").setCommitter("o", "o@o").setSign(false)
                    .call().getName();
        }
    }
}
