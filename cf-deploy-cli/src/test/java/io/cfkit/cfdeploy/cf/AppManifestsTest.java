package io.cfkit.cfdeploy.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.ManifestError;
import io.cfkit.cfdeploy.manifest.Vars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppManifestsTest {

    @TempDir
    Path dir;

    Path manifest() throws Exception {
        return Files.writeString(dir.resolve("helloworld-service.yml"), """
                applications:
                - name: helloworld-service
                  path: ../target/hello.jar
                  memory: 256M
                  instances: 2
                  routes:
                  - route: helloworld-service.apps.internal
                  env:
                    GREETING: ((greeting))
                  health-check-type: http
                  health-check-http-endpoint: /actuator/health
                """);
    }

    AppManifest app(String name, Path file, int instances, List<String> routes, Map<String, String> env) {
        return new AppManifest(name, file.toString(), "/jars/hello.jar", null, 256, instances, routes, env, "http",
                "/actuator/health", 60);
    }

    @Test
    void anAppIsSentAsItsManifestEntryWithVarsReplacedAndWithoutPath() throws Exception {
        Path file = manifest();

        String applied = new AppManifests(Vars.of(Map.of("greeting", "hello"))).applicationManifest(app(
                "helloworld-service", file, 2, List.of("helloworld-service.apps.internal"), Map.of()));

        assertThat(applied).isEqualTo("""
                ---
                applications:
                - name: "helloworld-service"
                  memory: "256M"
                  instances: 2
                  routes:
                  - route: "helloworld-service.apps.internal"
                  env:
                    GREETING: "hello"
                  health-check-type: "http"
                  health-check-http-endpoint: "/actuator/health"
                """);
    }

    @Test
    void aVersionIsTheAppsEntryUnderItsNameWithItsEnvironmentInstancesAndNoRoute() throws Exception {
        Path file = manifest();

        String applied = new AppManifests(Vars.of(Map.of("greeting", "hello"))).applicationManifest(app(
                "helloworld-service-green", file, 3, List.of(),
                Map.of("GREETING", "hello", "APP_VERSION", "green")));

        assertThat(applied).startsWith("""
                ---
                applications:
                - name: "helloworld-service-green"
                  memory: "256M"
                  instances: 3
                  env:
                """).endsWith("""
                  health-check-type: "http"
                  health-check-http-endpoint: "/actuator/health"
                  no-route: true
                """).contains("    APP_VERSION: \"green\"\n", "    GREETING: \"hello\"\n")
                .doesNotContain("routes", "path:");
    }

    @Test
    void anAppTheManifestDoesNotNameIsRefused() throws Exception {
        Path file = manifest();

        assertThatThrownBy(() -> new AppManifests(Vars.of(Map.of("greeting", "hello"))).applicationManifest(app(
                "other-green", file, 1, List.of(), Map.of()))).isInstanceOf(ManifestError.class)
                .hasMessageContaining("has no app named 'other-green'");
    }
}
