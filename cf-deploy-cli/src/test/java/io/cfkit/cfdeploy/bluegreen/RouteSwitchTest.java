package io.cfkit.cfdeploy.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.traffic.FakePlatform;
import io.cfkit.cfdeploy.traffic.FileRolloutStore;
import io.cfkit.cfdeploy.traffic.RecordingPlatform;
import io.cfkit.cfdeploy.traffic.Rollout;
import io.cfkit.cfdeploy.traffic.Rollout.Version;
import io.cfkit.cfdeploy.traffic.Rollout.Via;
import io.cfkit.cfdeploy.traffic.SmokeTest;
import io.cfkit.cfdeploy.traffic.Waits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The switch over a platform in memory: the order of its calls, and what each failure leaves behind. */
class RouteSwitchTest {

    private static final String GW = "gw";
    private static final String ROUTE = "127.0.0.1:18080";
    private static final String ADMIN_ROUTE = "127.0.0.1:18081";

    @TempDir
    Path dir;

    private FakePlatform fake;
    private RecordingPlatform platform;
    private final StringWriter output = new StringWriter();
    /** Routes whose health-check URL answers unhealthy. */
    private final Set<String> unhealthyRoutes = ConcurrentHashMap.newKeySet();
    private final List<URI> probed = new ArrayList<>();
    private final List<String> smokeTested = new ArrayList<>();
    private SmokeTest smokeTest = (app, urls) -> smokeTested.add(app.name() + " " + urls);
    private FileRolloutStore store;

    @BeforeEach
    void aRunningGateway() {
        store = new FileRolloutStore(dir.resolve("rollouts"));
        fake = new FakePlatform(new AppManifest(GW, "gw.yml", "/jars/gw-1.jar", null, 256, 2,
                List.of(ROUTE, ADMIN_ROUTE), Map.of("ADMIN_PASSWORD", "secret"), "http", "/health", 60));
        platform = new RecordingPlatform(fake);
    }

    private RouteSwitch routeSwitch() {
        return new RouteSwitch(platform, store, smokeTest, url -> {
            synchronized (probed) {
                probed.add(url);
            }
            return unhealthyRoutes.stream().noneMatch(route -> url.toString().contains(route));
        }, Waits.realTime(), Duration.ofSeconds(2), new PrintWriter(output, true), new PrintWriter(output, true));
    }

    @Test
    void theNewAppTakesEachRouteBeforeTheOldOneLeavesItThenTheOldOneIsStoppedAndKept() throws Exception {
        routeSwitch().switchTo(GW, "v2", Path.of("/jars/gw-2.jar"), Map.of("EXTRA", "yes"));

        assertThat(platform.calls()).containsExactly(
                "push gw-v2", "allowTrafficLike gw-v2 gw", "openSmokeTarget gw-v2", "closeSmokeTarget gw-v2",
                "mapRoute gw-v2 " + ROUTE, "unmapRoute gw " + ROUTE,
                "mapRoute gw-v2 " + ADMIN_ROUTE, "unmapRoute gw " + ADMIN_ROUTE,
                "stop gw");
        assertThat(fake.routesWithoutApp()).isEmpty();
        assertThat(fake.routesOf("gw-v2")).containsExactly(ROUTE, ADMIN_ROUTE);
        assertThat(fake.routesOf(GW)).isEmpty();
        assertThat(fake.started(GW)).isFalse();
        assertThat(smokeTested).containsExactly("gw-v2 [http://gw-v2-0.fake, http://gw-v2-1.fake]");
        assertThat(probed).contains(URI.create("http://" + ROUTE + "/health"), URI.create("http://" + ADMIN_ROUTE + "/health"));

        AppManifest pushed = platform.manifest("gw-v2").orElseThrow();
        assertThat(pushed.routes()).isEmpty();
        assertThat(pushed.path()).isEqualTo(Path.of("/jars/gw-2.jar").toAbsolutePath().toString());
        assertThat(pushed.instances()).isEqualTo(2);
        assertThat(pushed.env()).containsEntry("APP_VERSION", "v2").containsEntry("EXTRA", "yes")
                .containsEntry("ADMIN_PASSWORD", "secret");

        assertThat(store.find(GW)).contains(new Rollout(GW, new Version("v2", "gw-v2", 2), null,
                new Version(RouteSwitch.UNNAMED_VERSION, GW, 2), null, Via.ROUTE_SWITCH));
    }

    @Test
    void aFailedSmokeTestDeletesTheNewAppAndTouchesNoRoute() {
        smokeTest = (app, urls) -> {
            throw new UserError("smoke test: " + urls.get(0) + "/health did not answer 2xx");
        };

        assertThatThrownBy(() -> routeSwitch().switchTo(GW, "v2", null, Map.of()))
                .isInstanceOf(UserError.class)
                .hasMessage("the switch of gw to v2 failed: smoke test: http://gw-v2-0.fake/health did not answer"
                        + " 2xx; the routes are back on gw, gw-v2 is deleted");

        assertThat(platform.calls()).containsExactly("push gw-v2", "allowTrafficLike gw-v2 gw",
                "openSmokeTarget gw-v2", "closeSmokeTarget gw-v2", "delete gw-v2");
        assertRoutesAsBefore();
        assertThat(store.find(GW)).isEmpty();
    }

    @Test
    void aFailedPushLeavesEverythingAsItWas() {
        platform.failOn("push gw-v2");

        assertThatThrownBy(() -> routeSwitch().switchTo(GW, "v2", null, Map.of()))
                .isInstanceOf(UserError.class).hasMessage("push gw-v2 failed");

        assertThat(platform.calls()).containsExactly("push gw-v2");
        assertRoutesAsBefore();
        assertThat(store.find(GW)).isEmpty();
    }

    @Test
    void aNewAppNeverHealthyOnTheSecondRouteGivesTheFirstRouteBackBeforeLeavingIt() {
        unhealthyRoutes.add(ADMIN_ROUTE);

        assertThatThrownBy(() -> routeSwitch().switchTo(GW, "v2", null, Map.of()))
                .isInstanceOf(UserError.class)
                .hasMessage("the switch of gw to v2 failed: gw-v2 did not answer healthy on " + ADMIN_ROUTE
                        + " within 2 s; the routes are back on gw, gw-v2 is deleted");

        assertThat(platform.calls()).containsExactly(
                "push gw-v2", "allowTrafficLike gw-v2 gw", "openSmokeTarget gw-v2", "closeSmokeTarget gw-v2",
                "mapRoute gw-v2 " + ROUTE, "unmapRoute gw " + ROUTE,
                "mapRoute gw-v2 " + ADMIN_ROUTE,
                // undo: the old app takes each route back before the new one leaves it
                "mapRoute gw " + ROUTE, "unmapRoute gw-v2 " + ROUTE, "unmapRoute gw-v2 " + ADMIN_ROUTE,
                "delete gw-v2");
        assertRoutesAsBefore();
        assertThat(fake.routesWithoutApp()).isEmpty();
    }

    @Test
    void aFailedUnmapPutsTheRoutesBack() {
        platform.failOn("unmapRoute gw " + ROUTE);

        assertThatThrownBy(() -> routeSwitch().switchTo(GW, "v2", null, Map.of()))
                .isInstanceOf(UserError.class).hasMessageContaining("unmapRoute gw " + ROUTE + " failed");

        assertThat(platform.calls()).endsWith("mapRoute gw-v2 " + ROUTE, "unmapRoute gw " + ROUTE,
                "unmapRoute gw-v2 " + ROUTE, "delete gw-v2");
        assertRoutesAsBefore();
    }

    @Test
    void aFailedStopOfTheOldAppStartsItAgainAndPutsTheRoutesBack() {
        platform.failOn("stop gw");

        assertThatThrownBy(() -> routeSwitch().switchTo(GW, "v2", null, Map.of()))
                .isInstanceOf(UserError.class).hasMessageContaining("stop gw failed");

        assertThat(platform.calls()).endsWith("stop gw", "start gw",
                "mapRoute gw " + ROUTE, "mapRoute gw " + ADMIN_ROUTE,
                "unmapRoute gw-v2 " + ROUTE, "unmapRoute gw-v2 " + ADMIN_ROUTE, "delete gw-v2");
        assertRoutesAsBefore();
        assertThat(store.find(GW)).isEmpty();
    }

    @Test
    void rollbackStartsTheKeptAppMovesTheRoutesBackAndStopsTheSwitchedOne() throws Exception {
        routeSwitch().switchTo(GW, "v2", null, Map.of());
        platform.forgetCalls();

        routeSwitch().rollback(GW, "bad release");

        assertThat(platform.calls()).containsExactly("start gw",
                "mapRoute gw " + ROUTE, "unmapRoute gw-v2 " + ROUTE,
                "mapRoute gw " + ADMIN_ROUTE, "unmapRoute gw-v2 " + ADMIN_ROUTE,
                "stop gw-v2");
        assertRoutesAsBefore();
        assertThat(fake.started("gw-v2")).isFalse();
        assertThat(fake.routesWithoutApp()).isEmpty();
        assertThat(store.find(GW)).contains(new Rollout(GW, new Version(RouteSwitch.UNNAMED_VERSION, GW, 2), null,
                null, null, Via.ROUTE_SWITCH));
        assertThat(output.toString()).contains("Rolling back gw to original (app gw) — bad release");

        assertThatThrownBy(() -> routeSwitch().rollback(GW, null)).isInstanceOf(UserError.class)
                .hasMessage("nothing to roll back to for gw: no switch since the last rollback");
    }

    @Test
    void aRollbackWithNoRouteToMoveBackIsRefusedBeforeAnythingStarts() throws Exception {
        routeSwitch().switchTo(GW, "v2", null, Map.of());
        platform.unmapRoute("gw-v2", ROUTE);
        platform.unmapRoute("gw-v2", ADMIN_ROUTE);
        platform.forgetCalls();

        assertThatThrownBy(() -> routeSwitch().rollback(GW, null)).isInstanceOf(UserError.class)
                .hasMessage("gw-v2 serves no route: there is nothing to move back to gw");
        assertThat(platform.calls()).isEmpty();
    }

    @Test
    void aFailedRollbackLeavesTheRoutesOnTheSwitchedAppAndStopsTheKeptOneAgain() throws Exception {
        routeSwitch().switchTo(GW, "v2", null, Map.of());
        platform.forgetCalls();
        unhealthyRoutes.add(ROUTE);

        assertThatThrownBy(() -> routeSwitch().rollback(GW, null)).isInstanceOf(UserError.class)
                .hasMessage("the rollback of gw failed: gw did not answer healthy on " + ROUTE + " within 2 s;"
                        + " the routes are back on gw-v2, gw is stopped again");

        assertThat(platform.calls()).containsExactly("start gw", "mapRoute gw " + ROUTE, "unmapRoute gw " + ROUTE,
                "stop gw");
        assertThat(fake.routesOf("gw-v2")).containsExactly(ROUTE, ADMIN_ROUTE);
        assertThat(fake.routesOf(GW)).isEmpty();
        assertThat(fake.started("gw-v2")).isTrue();
        assertThat(fake.started(GW)).isFalse();
        assertThat(store.find(GW).orElseThrow().stable().app()).isEqualTo("gw-v2");
    }

    @Test
    void aSecondSwitchReplacesTheSwitchedAppAndSwitchingToTheOriginalVersionRunsTheAppItselfAgain()
            throws Exception {
        routeSwitch().switchTo(GW, "v2", null, Map.of());
        routeSwitch().switchTo(GW, "v3", null, Map.of());

        assertThat(fake.routesOf("gw-v3")).containsExactly(ROUTE, ADMIN_ROUTE);
        assertThat(fake.started("gw-v2")).isFalse();
        assertThat(store.find(GW).orElseThrow().previous()).isEqualTo(new Version("v2", "gw-v2", 2));

        platform.forgetCalls();
        routeSwitch().switchTo(GW, RouteSwitch.UNNAMED_VERSION, null, Map.of());

        assertThat(platform.calls()).startsWith("push gw").endsWith("stop gw-v3");
        assertThat(fake.routesOf(GW)).containsExactly(ROUTE, ADMIN_ROUTE);
        assertThat(fake.started(GW)).isTrue();
        assertThat(platform.manifest(GW).orElseThrow().env()).containsEntry("APP_VERSION", RouteSwitch.UNNAMED_VERSION);
        assertThat(fake.routesWithoutApp()).isEmpty();
    }

    @Test
    void aFailedSwitchToAKeptAppStopsItAgainInsteadOfDeletingIt() throws Exception {
        routeSwitch().switchTo(GW, "v2", null, Map.of());
        smokeTest = (app, urls) -> {
            throw new UserError("smoke test failed");
        };
        platform.forgetCalls();

        assertThatThrownBy(() -> routeSwitch().switchTo(GW, RouteSwitch.UNNAMED_VERSION, null, Map.of()))
                .hasMessageEndingWith("the routes are back on gw-v2, gw is stopped again");

        assertThat(platform.calls()).endsWith("stop gw");
        assertThat(platform.manifest(GW).isPresent()).isTrue();
        assertThat(fake.started(GW)).isFalse();
    }

    @Test
    void refusesWhatIsNotASwitchWithOneLineAndChangesNothing() throws Exception {
        assertThatThrownBy(() -> routeSwitch().switchTo(GW, "V2!", null, Map.of())).isInstanceOf(UserError.class)
                .hasMessage("version 'V2!' is not a name: use lower-case letters, digits and -");
        assertThatThrownBy(() -> routeSwitch().switchTo("nope", "v2", null, Map.of())).isInstanceOf(UserError.class)
                .hasMessage("unknown app 'nope': known apps are gw");
        assertThatThrownBy(() -> routeSwitch().switchTo(GW, RouteSwitch.UNNAMED_VERSION, null, Map.of()))
                .isInstanceOf(UserError.class).hasMessage("original is already the live version of gw (app gw)");

        store.save(new Rollout(GW, new Version("blue", GW, 2), null, null, null));
        assertThatThrownBy(() -> routeSwitch().switchTo(GW, "v2", null, Map.of())).isInstanceOf(UserError.class)
                .hasMessage("gw is rolled out through the gateway (deploy, canary, promote): switch its routes only"
                        + " for an app not behind the gateway");

        assertThat(platform.calls()).isEmpty();
    }

    private void assertRoutesAsBefore() {
        assertThat(fake.routesOf(GW)).containsExactlyInAnyOrder(ROUTE, ADMIN_ROUTE);
        assertThat(platform.manifest("gw-v2").isPresent() ? fake.routesOf("gw-v2") : List.of()).isEmpty();
        assertThat(fake.started(GW)).isTrue();
    }
}
