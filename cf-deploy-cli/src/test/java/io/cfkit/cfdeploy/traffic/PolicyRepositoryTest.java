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
        policies.commit("s", TrafficPolicy.stableOnly("blue").withCanary("green", 0), "Deploy s green");
        policies.commit("other", TrafficPolicy.stableOnly("a"), "Pin other to a");
        policies.commit("s", TrafficPolicy.stableOnly("blue").withCanary("green", 25), "Canary s: green at 25 %");

        assertThat(policies.history("s")).extracting(PolicyRepository.Change::message)
                .containsExactly("Canary s: green at 25 %", "Deploy s green");
        assertThat(policies.policy("other")).contains(TrafficPolicy.stableOnly("a"));
    }

    @Test
    void removingAPolicyLeavesTheOthers() {
        policies.commit("s", TrafficPolicy.stableOnly("blue"), "Pin s");
        policies.commit("t", TrafficPolicy.stableOnly("x"), "Pin t");

        policies.commit("s", null, "Forget s");

        assertThat(policies.all()).containsOnlyKeys("t");
    }
}
