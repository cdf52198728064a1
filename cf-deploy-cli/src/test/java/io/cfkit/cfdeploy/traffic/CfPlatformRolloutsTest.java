package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.cf.StubFoundation;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.platform.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout scenarios on the Cloud Foundry platform, against a stub Cloud Controller that keeps its apps' state
 * (see {@link StubFoundation}): the same steps and the same ends as on every platform, and the Cloud Controller calls
 * a deploy makes.
 */
class CfPlatformRolloutsTest extends RolloutsContract {

    static final String SPACE = "885735b5-aea4-4cf5-8e44-961af0e41920";
    static final String SMOKE_ROUTE = "cbad697f-cac1-48f4-9017-ac08f39dfb31";

    @TempDir
    Path kit;

    StubFoundation foundation;

    @Override
    protected Platform platformRunning(List<AppManifest> apps) {
        foundation = new StubFoundation(kit);
        return foundation.platformRunning(apps, output);
    }

    @AfterEach
    void stopFoundation() {
        if (foundation != null) {
            foundation.close();
        }
    }

    @Test
    void aDeployPushesTheVersionWithNoRouteOpensItsNetworkPolicySmokeTestsItOnARouteOfItsOwnAndDeletesThatRoute()
            throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);

        assertThat(foundation.calls().stream().filter(c -> !c.startsWith("GET "))
                .map(c -> c.replaceAll("/v3/(apps|packages)/[0-9a-f-]{36}", "/v3/$1/GUID"))).containsExactly(
                "POST /v3/spaces/" + SPACE + "/actions/apply_manifest", "POST /v3/packages",
                "POST /v3/packages/GUID/upload", "POST /v3/builds",
                "PATCH /v3/apps/GUID/relationships/current_droplet", "POST /v3/apps/GUID/actions/restart",
                "POST /networking/v1/external/policies", "POST /v3/routes",
                "POST /v3/routes/" + SMOKE_ROUTE + "/destinations", "DELETE /v3/routes/" + SMOKE_ROUTE);
        assertThat(foundation.body("POST /v3/spaces/" + SPACE + "/actions/apply_manifest"))
                .contains("name: \"hello-green\"", "no-route: true", "APP_VERSION: \"green\"")
                .doesNotContain("routes:", "hello.apps.internal");
        assertThat(smokeTest.tested()).singleElement().asString().matches("https://hello-green-smoke-[a-z0-9]{6}"
                + "\\.apps\\.example\\.com");
    }

    @Test
    void withKeepFailedAFailedSmokeTestStopsTheNewAppAndRenamesItWithOnePatchOfItsName() throws Exception {
        smokeTest.fail();

        assertThatThrownBy(() -> rollouts.deploy(HELLO, "green", null, Map.of(), true)).isInstanceOf(UserError.class);

        List<String> changes = foundation.calls().stream().filter(c -> !c.startsWith("GET ")).toList();
        String patch = changes.get(changes.size() - 1);
        assertThat(patch).matches("PATCH /v3/apps/[0-9a-f-]{36}");
        assertThat(changes.get(changes.size() - 2)).isEqualTo(patch.replace("PATCH", "POST") + "/actions/stop");
        assertThat(foundation.body(patch)).isEqualToIgnoringWhitespace("{\"name\":\"hello-green-failed\"}");
        assertThat(platform.manifest("hello-green")).isEmpty();
        assertThat(platform.apps()).filteredOn(app -> app.name().equals("hello-green-failed")).singleElement()
                .satisfies(app -> assertThat(app.requestedState()).isEqualToIgnoringCase("stopped"));
    }

    @Test
    void aPromoteScalesTheNewVersionUpToTheOldOnesCountThenStopsTheOldApp() throws Exception {
        platform.scale(HELLO, 3);
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        rollouts.setWeight(HELLO, 10, null);
        int before = foundation.calls().size();

        rollouts.promote(HELLO, null);

        String green = "/v3/apps/" + foundation.appGuid("hello-green");
        assertThat(changesSince(before)).containsExactly("POST " + green + "/processes/web/actions/scale",
                "POST /v3/apps/" + foundation.appGuid(HELLO) + "/actions/stop");
        assertThat(foundation.body("POST " + green + "/processes/web/actions/scale"))
                .isEqualToIgnoringWhitespace("{\"instances\":3}");
    }

    @Test
    void aRollbackAfterAPromoteStartsThePreviousAppBeforeTheTrafficGoesBackAndStopsTheCurrentOneAfter()
            throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        rollouts.setWeight(HELLO, 10, null);
        rollouts.promote(HELLO, null);
        int before = foundation.calls().size();
        List<Integer> changesAtEachCommit = new ArrayList<>();
        policies.onCommit(() -> changesAtEachCommit.add(changesSince(before).size()));

        rollouts.rollback(HELLO, null);

        assertThat(changesSince(before)).containsExactly(
                "POST /v3/apps/" + foundation.appGuid(HELLO) + "/actions/start",
                "POST /v3/apps/" + foundation.appGuid("hello-green") + "/actions/stop");
        // two commits, the previous version as a canary at 100 % then alone: both after the start, before the stop
        assertThat(changesAtEachCommit).as("changes made before each commit of the traffic").containsExactly(1, 1);
    }

    @Test
    void aRollbackDuringACanaryStopsOnlyTheCanaryApp() throws Exception {
        rollouts.deploy(HELLO, "green", null, Map.of(), false);
        rollouts.setWeight(HELLO, 10, null);
        int before = foundation.calls().size();
        List<Integer> changesAtEachCommit = new ArrayList<>();
        policies.onCommit(() -> changesAtEachCommit.add(changesSince(before).size()));

        rollouts.rollback(HELLO, "too slow");

        assertThat(changesSince(before))
                .containsExactly("POST /v3/apps/" + foundation.appGuid("hello-green") + "/actions/stop");
        assertThat(changesAtEachCommit).as("the traffic leaves the canary before it stops").containsExactly(0);
    }

    /** The calls that change something (all but GETs) made to the foundation after its first {@code before}. */
    private List<String> changesSince(int before) {
        List<String> calls = foundation.calls();
        return calls.subList(before, calls.size()).stream().filter(c -> !c.startsWith("GET ")).toList();
    }
}
