package io.cfkit.cfdeploy.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.cf.CfGateways;
import io.cfkit.cfdeploy.cf.CfPlatform;
import io.cfkit.cfdeploy.cf.StubFoundation;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.traffic.FileRolloutStore;
import io.cfkit.cfdeploy.traffic.GatewayFleet.Gateway;
import io.cfkit.cfdeploy.traffic.Waits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route switch and its rollback on the Cloud Foundry platform, against the stub foundation that keeps its apps
 * and the live route's destinations: the exact Cloud Controller calls that change something, in order.
 */
class CfRouteSwitchTest {

    private static final String SPACE = "885735b5-aea4-4cf5-8e44-961af0e41920";
    private static final String SMOKE_ROUTE = "cbad697f-cac1-48f4-9017-ac08f39dfb31";
    private static final String GW = "edge-gateway";
    private static final String BACKEND = "helloworld-service";
    private static final String LIVE = "gw.apps.example.com";
    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TempDir
    Path dir;

    private final StringWriter output = new StringWriter();
    private final List<String> smokeTested = new CopyOnWriteArrayList<>();
    private final List<URI> probed = new CopyOnWriteArrayList<>();
    private volatile boolean healthy = true;
    private StubFoundation foundation;
    private CfPlatform platform;
    private FileRolloutStore store;

    @BeforeEach
    void aGatewayOnItsPublicRouteInFrontOfABackendOnTheContainerNetwork() {
        foundation = new StubFoundation(dir.resolve("kit"));
        // pushed as the kit is, with the policy edge-gateway -> helloworld-service
        platform = foundation.platformRunning(List.of(new AppManifest(GW, "manifests/gateway.yml", "gw.jar", null,
                512, 2, List.of(LIVE), Map.of("APP_VERSION", "v1"), "http", "/health", 60),
                new AppManifest(BACKEND, "manifests/hello.yml", "hello.jar", null, 512, 1,
                        List.of("hello.apps.internal"), Map.of(), "http", "/actuator/health", 60)), output);
        store = new FileRolloutStore(dir.resolve("rollouts"));
    }

    @AfterEach
    void stopFoundation() {
        foundation.close();
    }

    private RouteSwitch routeSwitch(Duration routeTimeout) {
        return new RouteSwitch(platform, store, (app, urls) -> smokeTested.add(app.name() + " " + urls), url -> {
            probed.add(url);
            return healthy;
        }, Waits.realTime(), routeTimeout, new PrintWriter(output, true), new PrintWriter(output, true));
    }

    @Test
    void theNewVersionIsPushedWithNoRouteSmokeTestedThenTakesTheLiveRouteBeforeTheOldAppLeavesItAndStops()
            throws Exception {
        String old = guidOf(GW);
        routeSwitch(Duration.ofSeconds(10)).switchTo(GW, "v2", null, Map.of());
        String switched = guidOf(GW + "-v2");
        String live = routeGuid();

        assertThat(changes()).containsExactly(
                "POST /v3/spaces/" + SPACE + "/actions/apply_manifest", "POST /v3/packages",
                "POST /v3/packages/GUID/upload", "POST /v3/builds",
                "PATCH /v3/apps/" + switched + "/relationships/current_droplet",
                "POST /v3/apps/" + switched + "/actions/restart",
                "POST /networking/v1/external/policies",
                "POST /v3/routes", "POST /v3/routes/" + SMOKE_ROUTE + "/destinations",
                "DELETE /v3/routes/" + SMOKE_ROUTE,
                "POST /v3/routes/" + live + "/destinations",
                "DELETE /v3/routes/" + live + "/destinations/" + destinationOf(old),
                "POST /v3/apps/" + old + "/actions/stop");
        assertThat(foundation.body("POST /v3/spaces/" + SPACE + "/actions/apply_manifest"))
                .contains("name: \"edge-gateway-v2\"", "no-route: true", "APP_VERSION: \"v2\"")
                .doesNotContain("routes:", LIVE);
        assertThat(foundation.body("POST /v3/routes/" + live + "/destinations")).contains("\"guid\":\"" + switched
                + "\"").doesNotContain(old);
        assertThat(smokeTested).singleElement().asString().matches("edge-gateway-v2 \\[https://edge-gateway-v2-smoke-"
                + "[a-z0-9]{6}\\.apps\\.example\\.com\\]");
        assertThat(probed).contains(URI.create("https://" + LIVE + "/health"));
        assertThat(status(GW + "-v2").routes()).containsExactly(LIVE);
        assertThat(status(GW).routes()).isEmpty();
        assertThat(status(GW).runningInstances()).isZero();
        // the new version reaches the backend the old one reached, over the container network
        assertThat(foundation.networkPolicies()).containsExactly(GW + " -> " + BACKEND + " tcp 8080-8080",
                GW + "-v2 -> " + BACKEND + " tcp 8080-8080");
    }

    @Test
    void theSwitchedVersionsInstancesAreTheGatewaysTheTrafficCommandsReach() throws Exception {
        routeSwitch(Duration.ofSeconds(10)).switchTo(GW, "v2", null, Map.of());
        String switched = guidOf(GW + "-v2");

        assertThat(new CfGateways(platform).gateways()).containsExactly(
                new Gateway(GW + "-v2/0", URI.create("https://" + LIVE), Map.of("X-Cf-App-Instance", switched + ":0")),
                new Gateway(GW + "-v2/1", URI.create("https://" + LIVE), Map.of("X-Cf-App-Instance", switched + ":1")));
    }

    @Test
    void aVersionDeployedBehindTheSwitchedGatewayIsReachedByItAndByTheKeptOne() throws Exception {
        routeSwitch(Duration.ofSeconds(10)).switchTo(GW, "v2", null, Map.of());
        AppManifest green = platform.requireManifest(BACKEND);

        platform.push(new AppManifest(BACKEND + "-green", green.manifestFile(), green.path(), null, 512, 1, List.of(),
                green.env(), green.healthCheckType(), green.healthCheckEndpoint(), 60));
        platform.allowTrafficLike(BACKEND + "-green", BACKEND);

        // a rollback of the switch starts edge-gateway again: it must reach the green too
        assertThat(foundation.networkPolicies()).contains(GW + " -> " + BACKEND + "-green tcp 8080-8080",
                GW + "-v2 -> " + BACKEND + "-green tcp 8080-8080");
    }

    @Test
    void anAppAddedToTheKitAfterTheSwitchIsReachedByTheSwitchedGatewayToo() throws Exception {
        routeSwitch(Duration.ofSeconds(10)).switchTo(GW, "v2", null, Map.of());
        AppManifest backend = platform.requireManifest(BACKEND);
        AppManifest audit = new AppManifest("audit-service", backend.manifestFile(), backend.path(), null, 512, 1,
                List.of("audit.apps.internal"), Map.of(), backend.healthCheckType(), backend.healthCheckEndpoint(), 60);
        foundation.alsoRunning(audit);

        platform.allowKitTraffic(AppSet.of(List.of(platform.requireManifest(GW), backend, audit)));

        assertThat(foundation.networkPolicies()).contains(GW + " -> audit-service tcp 8080-8080",
                GW + "-v2 -> audit-service tcp 8080-8080");
    }

    @Test
    void aRollbackStartsTheKeptAppGivesItTheRouteBackAndStopsTheSwitchedOne() throws Exception {
        routeSwitch(Duration.ofSeconds(10)).switchTo(GW, "v2", null, Map.of());
        String old = guidOf(GW);
        String switched = guidOf(GW + "-v2");
        String live = routeGuid();
        int before = foundation.calls().size();

        routeSwitch(Duration.ofSeconds(10)).rollback(GW, "bad release");

        assertThat(changes(foundation.calls().subList(before, foundation.calls().size()))).containsExactly(
                "POST /v3/apps/" + old + "/actions/start",
                "POST /v3/routes/" + live + "/destinations",
                "DELETE /v3/routes/" + live + "/destinations/" + destinationOf(switched),
                "POST /v3/apps/" + switched + "/actions/stop");
        assertThat(lastBody("POST /v3/routes/" + live + "/destinations")).contains("\"guid\":\"" + old + "\"")
                .doesNotContain(switched);
        assertThat(status(GW).routes()).containsExactly(LIVE);
        assertThat(status(GW).runningInstances()).isEqualTo(2);
        assertThat(status(GW + "-v2").routes()).isEmpty();
        assertThat(status(GW + "-v2").runningInstances()).isZero();
    }

    @Test
    void aNewVersionNeverHealthyOnTheLiveRouteLeavesTheRouteOnTheOldAppAndIsDeleted() {
        healthy = false;
        String old = guidOf(GW);

        assertThatThrownBy(() -> routeSwitch(Duration.ofSeconds(1)).switchTo(GW, "v2", null, Map.of()))
                .isInstanceOf(UserError.class)
                .hasMessage("the switch of edge-gateway to v2 failed: edge-gateway-v2 did not answer healthy on "
                        + LIVE + " within 1 s; the routes are back on edge-gateway, edge-gateway-v2 is deleted");

        List<String> changes = changes();
        String switched = changes.stream().filter(c -> c.endsWith("/actions/restart")).map(CfRouteSwitchTest::guidIn)
                .findFirst().orElseThrow();
        String live = routeGuid();
        assertThat(changes).endsWith(
                "POST /v3/routes/" + live + "/destinations",
                "DELETE /v3/routes/" + live + "/destinations/" + destinationOf(switched),
                "DELETE /v3/apps/" + switched);
        assertThat(changes).doesNotContain("DELETE /v3/routes/" + live + "/destinations/" + destinationOf(old),
                "POST /v3/apps/" + old + "/actions/stop");
        assertThat(platform.apps()).extracting(AppStatus::name).containsExactly(GW, BACKEND);
        assertThat(status(GW).routes()).containsExactly(LIVE);
        assertThat(status(GW).runningInstances()).isEqualTo(2);
        assertThat(store.find(GW)).isEmpty();
    }

    /** The calls that change something, with the package guid (not the app's) replaced. */
    private List<String> changes() {
        return changes(foundation.calls());
    }

    private static List<String> changes(List<String> calls) {
        return calls.stream().filter(c -> !c.startsWith("GET ")).map(c -> c.replaceAll("/v3/packages/" + GUID,
                "/v3/packages/GUID")).toList();
    }

    /** The body of the last call made as {@code "METHOD url"}. */
    private String lastBody(String call) {
        List<String> bodies = foundation.bodies(call);
        return bodies.get(bodies.size() - 1);
    }

    private AppStatus status(String app) {
        return platform.apps().stream().filter(a -> a.name().equals(app)).findFirst().orElseThrow();
    }

    private String guidOf(String app) {
        return foundation.appGuid(app);
    }

    private String routeGuid() {
        return foundation.routeGuid(LIVE);
    }

    private String destinationOf(String appGuid) {
        return foundation.destinationGuid(LIVE, appGuid);
    }

    private static String guidIn(String call) {
        Matcher matcher = GUID.matcher(call);
        return matcher.find() ? matcher.group() : null;
    }
}
