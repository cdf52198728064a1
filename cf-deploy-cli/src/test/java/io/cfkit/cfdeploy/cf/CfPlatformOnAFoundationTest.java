package io.cfkit.cfdeploy.cf;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.SmokeTarget;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout's platform operations one after another on a foundation that keeps its apps' state, as a rollout on Cloud
 * Foundry makes them: push the new version beside the live one with no route, smoke-test it on a route of its own,
 * stop the old one, start it again, delete the new one.
 */
class CfPlatformOnAFoundationTest {

    @TempDir
    Path folder;

    StubFoundation foundation;
    CfPlatform platform;

    static final AppManifest HELLO = new AppManifest("hello", "manifests/hello.yml", "/apps/hello.jar", null, 256, 2,
            List.of("hello.apps.internal"), Map.of("APP_VERSION", "blue", "GREETING", "hi"), "http", "/actuator/health",
            60);

    @BeforeEach
    void helloRuns() {
        foundation = new StubFoundation(folder);
        platform = foundation.platformRunning(List.of(HELLO), new StringWriter());
    }

    @AfterEach
    void close() {
        foundation.close();
    }

    @Test
    void aNewVersionIsPushedFromTheAppsManifestBesideItWithNoRoute() throws Exception {
        AppManifest hello = platform.manifest("hello").orElseThrow();
        assertThat(hello.manifestFile()).as("the kit's manifest").isEqualTo(HELLO.manifestFile());
        assertThat(hello.path()).as("the kit's jar").endsWith("hello.jar").isNotEqualTo(HELLO.path());
        AppManifest green = new AppManifest("hello-green", hello.manifestFile(), hello.path(), null, 256, 2, List.of(),
                Map.of("APP_VERSION", "green", "GREETING", "hi"), "http", "/actuator/health", 60);

        platform.push(green);
        platform.allowTrafficLike("hello-green", "hello");
        try (SmokeTarget target = platform.openSmokeTarget("hello-green")) {
            assertThat(target.urls()).singleElement().asString().startsWith("https://hello-green-smoke-");
        }

        AppManifest pushed = platform.manifest("hello-green").orElseThrow();
        assertThat(pushed.routes()).isEmpty();
        assertThat(pushed.env()).containsEntry("APP_VERSION", "green").containsEntry("GREETING", "hi");
        assertThat(pushed.healthCheckEndpoint()).isEqualTo("/actuator/health");
        assertThat(platform.manifest("hello").orElseThrow().routes()).containsExactly("hello.apps.internal");
        assertThat(running()).containsExactly(Map.entry("hello", 2), Map.entry("hello-green", 2));
        assertThat(foundation.calls().stream().filter(c -> !c.startsWith("GET ")).map(c -> c.replaceAll(
                "/v3/(apps|packages|builds)/[0-9a-f-]{36}", "/v3/$1/GUID"))).containsExactly(
                "POST /v3/spaces/" + StubCloudController.SPACE_GUID + "/actions/apply_manifest",
                "POST /v3/packages", "POST /v3/packages/GUID/upload", "POST /v3/builds",
                "PATCH /v3/apps/GUID/relationships/current_droplet", "POST /v3/apps/GUID/actions/restart",
                "POST /v3/routes", "POST /v3/routes/" + StubFoundation.SMOKE_ROUTE + "/destinations",
                "DELETE /v3/routes/" + StubFoundation.SMOKE_ROUTE);
    }

    @Test
    void aStoppedAppKeepsItsInstanceCountForTheNextStartAndADeletedOneIsGone() {
        platform.scale("hello", 3);
        assertThat(platform.manifest("hello").orElseThrow().instances()).as("as the manifest asks").isEqualTo(2);
        platform.stop("hello");
        assertThat(running()).containsExactly(Map.entry("hello", 0));
        assertThat(platform.apps().get(0).desiredInstances()).isEqualTo(3);

        platform.start("hello");
        assertThat(running()).containsExactly(Map.entry("hello", 3));

        platform.delete("hello");
        assertThat(platform.apps()).isEmpty();
        assertThat(platform.manifest("hello")).isEmpty();
    }

    Map<String, Integer> running() {
        Map<String, Integer> running = new LinkedHashMap<>();
        for (AppStatus app : platform.apps()) {
            running.put(app.name(), (int) app.runningInstances());
        }
        return running;
    }
}
