package io.cfkit.cfdeploy.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.CfDeploy;
import io.cfkit.cfdeploy.cf.CfDeployProcess;
import io.cfkit.cfdeploy.cf.CfDeployProcess.Result;
import io.cfkit.cfdeploy.configrepo.BareRemote;
import io.cfkit.cfdeploy.configrepo.ConfigRepoClone;
import io.cfkit.cfdeploy.configrepo.ConfigRepoSource;
import io.cfkit.cfdeploy.configrepo.SharedRolloutStore;
import io.cfkit.cfdeploy.local.ActualState;
import io.cfkit.cfdeploy.local.DesiredState;
import io.cfkit.cfdeploy.local.StateDir;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.state.JsonStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout command on the local target with CONFIG_REPO_URI naming a remote config repository (a bare one on disk):
 * cf-deploy run as a user runs it, in its own JVM with that environment, against a kit state that names the
 * repository.
 */
class SharedConfigRepoCommandTest {

    private static final String PASSWORD = "s3cret-Config-Repo-Token";

    @TempDir
    Path dir;

    private BareRemote configRepo;
    private String remote;
    private Path state;

    @BeforeEach
    void remoteAndAKitServingIt() throws Exception {
        configRepo = BareRemote.create(dir, BareRemote.GATEWAY_CONFIG);
        remote = configRepo.uri();
        state = dir.resolve("state");
        kitServing(remote);
    }

    @Test
    void aRolloutHeldOnAnotherMachineIsRefusedNamingItsHolder() throws Exception {
        try (AutoCloseable held = otherMachine(false).lock("helloworld-service", "deploy helloworld-service"
                + " --version green")) {
            Result result = cfDeploy(Map.of("CONFIG_REPO_URI", remote), "promote", "helloworld-service");

            assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
            assertThat(result.err()).startsWith("cf-deploy: a rollout of helloworld-service is in progress (cf-deploy"
                            + " deploy helloworld-service --version green by ")
                    .contains(" since ")
                    .endsWith("wait for it, or break a stale lock with --force-unlock\n");
        }
    }

    @Test
    void forceUnlockBreaksTheOtherMachinesLockSayingWhoseAndReleasesItsOwn() throws Exception {
        otherMachine(false).lock("helloworld-service", "canary helloworld-service --steps 10,50");

        Result result = cfDeploy(Map.of("CONFIG_REPO_URI", remote), "promote", "helloworld-service",
                "--force-unlock");

        assertThat(result.out()).startsWith("Broke the rollout lock of helloworld-service held by cf-deploy canary"
                + " helloworld-service --steps 10,50 by ");
        // Nothing to promote: the command ends there, releasing the lock it took.
        assertThat(result.err()).isEqualTo("cf-deploy: no canary in progress for helloworld-service: start one with"
                + " cf-deploy deploy helloworld-service --version NAME\n");
        assertThat(configRepo.sharedRefs()).doesNotContain("refs/cf-deploy/locks/helloworld-service");
    }

    @Test
    void aRepositoryThatRefusesIsOneLineWithoutTheCredentials() throws Exception {
        String unreachable = "https://ci:" + PASSWORD + "-in-uri@127.0.0.1:9/config-repo.git";
        kitServing(unreachable);

        Result result = cfDeploy(Map.of("CONFIG_REPO_URI", unreachable, "CONFIG_REPO_USERNAME", "ci",
                "CONFIG_REPO_PASSWORD", PASSWORD), "promote", "helloworld-service");

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err()).startsWith("cf-deploy: cf-deploy cannot clone the config repository"
                + " https://127.0.0.1:9/config-repo.git: ");
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD);
        try (var clones = Files.list(state.resolve(ConfigRepoClone.CLONES))) {
            assertThat(clones.filter(Files::isDirectory)).as("no half-made clone").isEmpty();
        }
    }

    private SharedRolloutStore otherMachine(boolean forceUnlock) {
        return new SharedRolloutStore(ConfigRepoClone.in(dir.resolve("other-machine"),
                new ConfigRepoSource(remote, null, null, null)), forceUnlock, new PrintWriter(new StringWriter()));
    }

    /** The running kit's state, as cf-deploy up leaves it, with the config server serving {@code uri}. */
    private void kitServing(String uri) {
        DesiredState desired = DesiredState.empty()
                .with(app("config-server", Map.of("CONFIG_REPO_URI", uri)), 1)
                .with(app("edge-gateway", Map.of("EUREKA_URL", "http://127.0.0.1:9/eureka/", "EUREKA_USERNAME", "e",
                        "EUREKA_PASSWORD", "e", "ADMIN_USERNAME", "a", "ADMIN_PASSWORD", "a")), 1)
                .with(app("helloworld-service", Map.of("APP_VERSION", "blue")), 1);
        JsonStore.write(new StateDir(state).desired(), desired);
        // A live supervisor is what tells that the kit runs: this test's JVM stands for it.
        JsonStore.write(new StateDir(state).actual(), new ActualState(ProcessHandle.current().pid(),
                System.currentTimeMillis(), Map.of(), List.of()));
    }

    private static AppManifest app(String name, Map<String, String> env) {
        return new AppManifest(name, "manifests/" + name + ".yml", name + ".jar", null, 256, 1, List.of(), env, "http",
                "/actuator/health", 60);
    }

    private Result cfDeploy(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> withState = new ArrayList<>(List.of(args));
        withState.addAll(List.of("--state-dir", state.toString()));
        return CfDeployProcess.run(dir, env, withState.toArray(String[]::new));
    }
}
