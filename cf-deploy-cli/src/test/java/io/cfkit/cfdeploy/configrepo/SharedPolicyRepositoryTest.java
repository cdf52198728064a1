package io.cfkit.cfdeploy.configrepo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.traffic.PolicyRepository;
import io.cfkit.traffic.PolicyFile;
import io.cfkit.traffic.PolicyFiles;
import io.cfkit.traffic.RoutePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traffic policies in a remote config repository (a bare one on disk), changed from two machines' clones. */
class SharedPolicyRepositoryTest {

    @TempDir
    Path dir;

    private BareRemote remote;
    private ConfigRepoClone laptop;
    private ConfigRepoClone ciWorker;

    @BeforeEach
    void remoteWithTheGlobalKeys() throws Exception {
        remote = BareRemote.create(dir, Map.of("edge-gateway.yml", "zuul: {}\n", PolicyFile.NAME, PolicyFiles.WITH_GLOBAL_KEYS));
        laptop = ConfigRepoClone.in(dir.resolve("laptop-state"), remote.source());
        ciWorker = ConfigRepoClone.in(dir.resolve("ci-state"), remote.source());
    }

    @Test
    void aCommitIsPushedToTheBranchTheConfigServerServes() throws Exception {
        String commit = new PolicyRepository(laptop).commit("hello", RoutePolicy.stableOnly("hello", "blue"),
                "Pin hello to blue");

        assertThat(remote.head().getName()).isEqualTo(commit);
        assertThat(PolicyFile.parse(remote.file(PolicyFile.NAME)).policy().route("hello"))
                .isEqualTo(RoutePolicy.stableOnly("hello", "blue"));
        assertThat(laptop.directory()).startsWith(dir.resolve("laptop-state").resolve(ConfigRepoClone.CLONES));
        assertClean(laptop, commit);
    }

    @Test
    void aPushRejectedBecauseTheRemoteMovedIsMadeAgainOnTheNewHeadKeepingBothChanges() throws Exception {
        PolicyRepository fromLaptop = new PolicyRepository(laptop);
        AtomicInteger attempts = new AtomicInteger();
        // The CI worker's change runs on a fresh tree; the laptop pushes in between, so the first push is rejected.
        PolicyRepository fromCi = new PolicyRepository(new InterleavedTree(ciWorker, () -> {
            if (attempts.getAndIncrement() == 0) {
                fromLaptop.commit("hello", RoutePolicy.stableOnly("hello", "blue").withCanary("green", 10),
                        "Canary hello: green at 10 %");
            }
        }));

        String ciCommit = fromCi.commit("world", RoutePolicy.stableOnly("world", "v2"), "Pin world to v2");

        assertThat(attempts).as("the change is applied again after the rejected push").hasValue(2);
        assertThat(remote.head().getName()).isEqualTo(ciCommit);
        PolicyFile file = PolicyFile.parse(remote.file(PolicyFile.NAME));
        assertThat(file.policy().routes()).containsOnlyKeys("hello", "world", "helloworld-service", "other-service");
        assertThat(file.policy().settings()).isEqualTo(PolicyFiles.GLOBAL_SETTINGS);
        assertThat(fromLaptop.policy("world")).as("read after a fetch")
                .contains(RoutePolicy.stableOnly("world", "v2"));
        assertThat(fromLaptop.history("hello")).extracting(c -> c.message())
                .containsExactly("Canary hello: green at 10 %");
    }

    @Test
    void aCommitMadeByAnotherMachineAfterOursContainsOurs() {
        PolicyRepository fromLaptop = new PolicyRepository(laptop);
        String ours = fromLaptop.commit("hello", RoutePolicy.stableOnly("hello", "blue"), "Pin hello");
        String theirs = new PolicyRepository(ciWorker).commit("world", RoutePolicy.stableOnly("world", "x"),
                "Pin world");

        assertThat(fromLaptop.contains(theirs, ours)).isTrue();
        assertThat(fromLaptop.contains(ours, theirs)).isFalse();
        assertThat(fromLaptop.contains("0123456789012345678901234567890123456789", ours)).isFalse();
    }

    @Test
    void aPushTheRemoteRefusesIsOneLineNamingTheRepositoryAndLeavesTheCloneClean() throws Exception {
        PolicyRepository policies = new PolicyRepository(laptop);
        String before = policies.head();
        FileUtils.delete(remote.bare.toFile(), FileUtils.RECURSIVE);

        assertThatThrownBy(() -> policies.commit("hello", RoutePolicy.stableOnly("hello", "blue"), "Pin hello"))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("cf-deploy cannot fetch from the config repository " + remote.uri())
                .hasMessageContaining("CONFIG_REPO_USERNAME")
                .hasMessageNotContaining("\n");
        assertClean(laptop, before);
    }

    @Test
    void aRefusedPushLeavesNothingUnpushedInTheClone() throws Exception {
        PolicyRepository policies = new PolicyRepository(laptop);
        String before = policies.head();
        // The remote goes away after the fetch: the commit is made, its push refused.
        PolicyRepository refused = new PolicyRepository(new InterleavedTree(laptop, () -> {
            try {
                FileUtils.delete(remote.bare.toFile(), FileUtils.RECURSIVE);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));

        assertThatThrownBy(() -> refused.commit("hello", RoutePolicy.stableOnly("hello", "blue"), "Pin hello"))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("cf-deploy cannot push to the config repository " + remote.uri())
                .hasMessageNotContaining("\n");
        assertClean(laptop, before);
    }

    @Test
    void aRepositoryThatDoesNotExistIsOneLineAndLeavesNoClone() {
        ConfigRepoSource missing = new ConfigRepoSource(dir.resolve("no-such-repo.git").toUri().toString(), null,
                null, null);
        ConfigRepoClone clone = ConfigRepoClone.in(dir.resolve("state"), missing);

        assertThatThrownBy(() -> new PolicyRepository(clone).policy("hello"))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("cf-deploy cannot clone the config repository " + missing.uri())
                .hasMessageNotContaining("\n");
        assertThat(clone.directory()).doesNotExist();
    }

    @Test
    void aBranchTheRemoteDoesNotHaveIsNamed() {
        ConfigRepoClone clone = ConfigRepoClone.in(dir.resolve("state"),
                new ConfigRepoSource(remote.uri(), "production", null, null));

        assertThatThrownBy(() -> new PolicyRepository(clone).policy("hello"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("has no branch production")
                .hasMessageContaining("CONFIG_REPO_BRANCH");
    }

    private static void assertClean(ConfigRepoClone clone, String head) throws Exception {
        try (Git git = Git.open(clone.directory().toFile())) {
            assertThat(git.status().call().isClean()).isTrue();
            assertThat(git.getRepository().resolve(Constants.HEAD).getName()).isEqualTo(head);
            assertThat(git.getRepository().resolve(Constants.R_REMOTES + "origin/main").getName()).isEqualTo(head);
        }
    }

    /** The clone, with {@code meanwhile} run inside each change, after the fetch and before the commit. */
    private record InterleavedTree(ConfigRepoClone repo, Runnable meanwhile) implements WorkingTree {

        @Override
        public Path directory() {
            return repo.directory();
        }

        @Override
        public <T> T read(Supplier<T> reader) {
            return repo.read(reader);
        }

        @Override
        public String change(Supplier<String> commit) {
            return repo.change(() -> {
                meanwhile.run();
                return commit.get();
            });
        }
    }
}
