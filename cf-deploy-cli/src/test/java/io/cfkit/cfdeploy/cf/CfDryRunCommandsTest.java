package io.cfkit.cfdeploy.cf;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.CfDeploy;
import io.cfkit.cfdeploy.configrepo.BareRemote;
import io.cfkit.cfdeploy.configrepo.ConfigRepoClone;
import io.cfkit.cfdeploy.configrepo.SharedRolloutStore;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.traffic.Rollout;
import io.cfkit.cfdeploy.traffic.Rollout.Plan;
import io.cfkit.cfdeploy.traffic.Rollout.Version;
import io.cfkit.cfdeploy.traffic.Rollout.Via;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --dry-run of switch, of the rollback of a switch and of resume, as a user runs them (cf-deploy in its own JVM, logged
 * in as the cf CLI leaves it) against the stub foundation, with the rollout state in a config repository (a bare one
 * on disk standing for the remote): each prints the calls and the state changes it would make, and makes none.
 */
class CfDryRunCommandsTest {

    private static final String GW = "edge-gateway";
    private static final String HELLO = "helloworld-service";
    private static final String LIVE = "gw.apps.example.com";
    private static final String SPACE = "885735b5-aea4-4cf5-8e44-961af0e41920";
    private static final Map<String, String> GATEWAY_ENV = Map.of("EUREKA_URL", "http://eureka.invalid/eureka/",
            "EUREKA_USERNAME", "eureka", "EUREKA_PASSWORD", "e", "ADMIN_USERNAME", "admin", "ADMIN_PASSWORD", "a");

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private StubFoundation foundation;
    private BareRemote configRepo;
    private ObjectId headBefore;

    @BeforeEach
    void loggedInWithAConfigRepository() throws Exception {
        configRepo = BareRemote.create(dir, BareRemote.GATEWAY_CONFIG);
        headBefore = configRepo.head();
        foundation = new StubFoundation(dir);
        CfHome.loggedIn(dir.resolve("cf-home"), foundation.url(), foundation.url() + "/uaa", CfCommandTest.ACCESS,
                CfCommandTest.REFRESH, StubCloudController.ORG, StubCloudController.SPACE);
        env.put("CF_HOME", dir.resolve("cf-home").toString());
        env.put("CONFIG_REPO_URI", configRepo.uri());
        env.put("CF_DEPLOY_STATE_DIR", dir.resolve("state").toString());
    }

    @AfterEach
    void stopFoundation() {
        foundation.close();
    }

    @Test
    void aSwitchPrintsEachCallItWouldMakeInOrderAndMakesNoneTakesNoLockSavesNothing() throws Exception {
        running(gateway(GW, "v1", List.of(LIVE)), hello(HELLO, "blue"));
        String live = foundation.appGuid(GW);
        String route = foundation.routeGuid(LIVE);

        CfDeployProcess.Result result = cfDeploy("switch", GW, "--version", "v2", "--dry-run");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines().filter(line -> line.startsWith("would ")).toList()).containsExactly(
                "would call: POST /v3/spaces/" + SPACE + "/actions/apply_manifest (edge-gateway-v2)",
                "would call: POST /v3/packages {\"type\":\"bits\",\"app\":<guid of edge-gateway-v2>}",
                "would call: POST /v3/packages/<new package>/upload (edge-gateway.jar)",
                "would call: POST /v3/builds {\"package\":<new package>}",
                "would call: PATCH /v3/apps/<guid of edge-gateway-v2>/relationships/current_droplet"
                        + " {\"guid\":<droplet of the new build>}",
                "would call: POST /v3/apps/<guid of edge-gateway-v2>/actions/restart",
                "would call: POST /networking/v1/external/policies {edge-gateway-v2 -> " + HELLO + ", tcp 8080-8080}",
                "would call: POST /v3/routes {\"host\":\"" + smokeHost(result) + "\",\"domain\":"
                        + StubFoundation.DOMAIN_GUID + "}",
                "would call: POST /v3/routes/<new route>/destinations {\"app\":<guid of edge-gateway-v2>}",
                "would smoke-test edge-gateway-v2 on [https://" + smokeHost(result) + "." + StubFoundation.DOMAIN
                        + "]",
                "would call: DELETE /v3/routes/<new route>",
                "would call: POST /v3/routes/" + route + "/destinations {\"app\":<guid of edge-gateway-v2>}",
                "would wait up to 1 min for it",
                "would call: DELETE /v3/routes/" + route + "/destinations/"
                        + foundation.destinationGuid(LIVE, live),
                "would call: POST /v3/apps/" + live + "/actions/stop",
                "would save the rollout state of edge-gateway");
        assertThat(result.out().lines()).last().isEqualTo("Dry run: nothing was changed.");
        assertThat(foundation.calls()).isNotEmpty().allMatch(call -> call.startsWith("GET "));
        assertThat(configRepo.head()).isEqualTo(headBefore);
        assertThat(configRepo.sharedRefs()).as("no lock, no rollout state").isEmpty();
    }

    @Test
    void theRollbackOfASwitchPrintsTheCallsThatPutTheRouteBackAndMakesNone() throws Exception {
        running(gateway(GW, "v1", List.of()), gateway(GW + "-v2", "v2", List.of(LIVE)));
        otherMachine().save(new Rollout(GW, new Version("v2", GW + "-v2", 1), null, new Version("v1", GW, 1), null,
                Via.ROUTE_SWITCH));
        List<String> refsBefore = configRepo.sharedRefs();
        ObjectId stateBefore = configRepo.ref(ConfigRepoClone.SHARED_REFS + "rollouts/" + GW);
        String old = foundation.appGuid(GW);
        String switched = foundation.appGuid(GW + "-v2");
        String route = foundation.routeGuid(LIVE);

        CfDeployProcess.Result result = cfDeploy("rollback", GW, "--dry-run");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines().filter(line -> line.startsWith("would ")).toList()).containsExactly(
                "would call: POST /v3/apps/" + old + "/actions/start",
                "would call: POST /v3/routes/" + route + "/destinations {\"app\":" + old + "}",
                "would wait up to 1 min for it",
                "would call: DELETE /v3/routes/" + route + "/destinations/"
                        + foundation.destinationGuid(LIVE, switched),
                "would call: POST /v3/apps/" + switched + "/actions/stop",
                "would save the rollout state of edge-gateway");
        assertThat(foundation.calls()).isNotEmpty().allMatch(call -> call.startsWith("GET "));
        assertThat(configRepo.sharedRefs()).isEqualTo(refsBefore);
        assertThat(configRepo.ref(ConfigRepoClone.SHARED_REFS + "rollouts/" + GW)).isEqualTo(stateBefore);
    }

    @Test
    void aResumePrintsTheRequestItWouldLeaveAndLeavesNone() throws Exception {
        running(gateway(GW, "v1", List.of(LIVE)), hello(HELLO, "blue"), hello(HELLO + "-green", "green"));
        otherMachine().save(new Rollout(HELLO, new Version("blue", HELLO, 1), new Version("green", HELLO + "-green", 1),
                null, new Plan(List.of(10, 50), 0, true)));
        List<String> refsBefore = configRepo.sharedRefs();

        CfDeployProcess.Result result = cfDeploy("resume", HELLO, "--dry-run");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly("would ask the plan of helloworld-service to go on (ref"
                + " refs/cf-deploy/resume/helloworld-service in " + configRepo.uri() + ")",
                "Dry run: nothing was changed.");
        assertThat(configRepo.sharedRefs()).isEqualTo(refsBefore).doesNotContain(ConfigRepoClone.SHARED_REFS
                + "resume/" + HELLO);
        assertThat(configRepo.head()).isEqualTo(headBefore);
        assertThat(foundation.calls()).allMatch(call -> call.startsWith("GET "));
    }

    @Test
    void aDryRunIsRefusedAsTheCommandWouldBeWhileAnotherHoldsTheLock() throws Exception {
        running(gateway(GW, "v1", List.of(LIVE)));
        try (AutoCloseable held = otherMachine().lock(GW, "switch " + GW + " --version v3")) {
            CfDeployProcess.Result result = cfDeploy("switch", GW, "--version", "v2", "--dry-run");

            assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
            assertThat(result.err().lines()).singleElement().asString().startsWith("cf-deploy: a rollout of edge-gateway"
                    + " is in progress (cf-deploy switch edge-gateway --version v3 by ").endsWith("wait for it, or break"
                    + " a stale lock with --force-unlock");
            assertThat(foundation.calls()).allMatch(call -> call.startsWith("GET "));
        }
    }

    @Test
    void forceUnlockUnderDryRunSaysWhoseLockItWouldBreakAndLeavesIt() throws Exception {
        running(gateway(GW, "v1", List.of(LIVE)));
        try (AutoCloseable held = otherMachine().lock(GW, "switch " + GW + " --version v3")) {
            ObjectId lock = configRepo.ref(ConfigRepoClone.SHARED_REFS + "locks/" + GW);

            CfDeployProcess.Result result = cfDeploy("switch", GW, "--version", "v2", "--dry-run", "--force-unlock");

            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(result.out().lines()).first().asString().startsWith("would break the rollout lock of"
                    + " edge-gateway held by cf-deploy switch edge-gateway --version v3 by ").contains(" since ");
            assertThat(configRepo.ref(ConfigRepoClone.SHARED_REFS + "locks/" + GW)).isEqualTo(lock);
            assertThat(configRepo.sharedRefs()).containsExactly(ConfigRepoClone.SHARED_REFS + "locks/" + GW);
            assertThat(foundation.calls()).allMatch(call -> call.startsWith("GET "));
        }
    }

    private void running(AppManifest... apps) {
        foundation.platformRunning(List.of(apps), new StringWriter());
    }

    /** Another machine's view of the config repository, where a rollout that happened there is kept. */
    private SharedRolloutStore otherMachine() {
        return new SharedRolloutStore(ConfigRepoClone.in(dir.resolve("other-machine"), configRepo.source()), false,
                new PrintWriter(new StringWriter()));
    }

    private CfDeployProcess.Result cfDeploy(String... args) throws Exception {
        return CfCommandTest.cfDeploy(dir, env, foundation::calls, args);
    }

    /** The random host the dry run would have given the smoke test's route. */
    private static String smokeHost(CfDeployProcess.Result result) {
        return result.out().lines().filter(line -> line.startsWith("would smoke-test ")).findFirst()
                .map(line -> line.replaceAll(".*https://([^.]+)\\..*", "$1")).orElse("(no smoke test)");
    }

    private static AppManifest gateway(String name, String version, List<String> routes) {
        Map<String, String> env = new HashMap<>(GATEWAY_ENV);
        env.put("APP_VERSION", version);
        return new AppManifest(name, "manifests/" + GW + ".yml", null, null, 512, 1, routes, env, "http", "/health",
                60);
    }

    private static AppManifest hello(String name, String version) {
        return new AppManifest(name, "manifests/" + HELLO + ".yml", null, null, 256, 1,
                List.of(HELLO + ".apps.internal"), Map.of("APP_VERSION", version), "http", "/actuator/health", 60);
    }
}
