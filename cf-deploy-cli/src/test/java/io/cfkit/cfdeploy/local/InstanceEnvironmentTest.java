package io.cfkit.cfdeploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.manifest.AppManifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceEnvironmentTest {

    @Test
    void theManifestsJavaOptsFollowTheComputedHeapSoTheyWin() {
        AppManifest app = new AppManifest("web", "web.yml", "web.jar", null, 512, 1, List.of(),
                Map.of("JAVA_OPTS", " -XX:+UseSerialGC  -Xss512k -Xmx200m "), "http", "/health", 60);

        assertThat(InstanceEnvironment.command(app, "java")).containsExactly("java", "-Xmx384m",
                "-XX:+UseSerialGC", "-Xss512k", "-Xmx200m", "-XX:+ExitOnOutOfMemoryError", "-jar", "web.jar");
    }

    @Test
    void withoutJavaOptsOnlyTheComputedHeap() {
        AppManifest app = new AppManifest("web", "web.yml", "web.jar", null, 512, 1, List.of(), Map.of(), "http",
                "/health", 60);

        assertThat(InstanceEnvironment.command(app, "java")).containsExactly("java", "-Xmx384m",
                "-XX:+ExitOnOutOfMemoryError", "-jar", "web.jar");
    }
}
