package io.cfkit.cfdeploy.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppVersionsTest {

    @Test
    void aVersionRunsAsTheAppsNameAndTheVersionsName() {
        assertThat(AppVersions.appOf("edge-gateway", "v2")).isEqualTo("edge-gateway-v2");
        assertThat(AppVersions.isVersionOf(AppVersions.appOf("edge-gateway", "v2"), "edge-gateway")).isTrue();
    }

    @Test
    void theAppItselfIsOneOfItsVersions() {
        assertThat(AppVersions.isVersionOf("edge-gateway", "edge-gateway")).isTrue();
    }

    @Test
    void anotherAppWhoseNameStartsAlikeIsNot() {
        assertThat(AppVersions.isVersionOf("edge-gatewayx", "edge-gateway")).isFalse();
        assertThat(AppVersions.isVersionOf("edge-gateway-", "edge-gateway")).isFalse();
        assertThat(AppVersions.isVersionOf("edge-gateway-V2", "edge-gateway")).as("not a version name").isFalse();
        assertThat(AppVersions.isVersionOf("helloworld-service-v2", "edge-gateway")).isFalse();
    }
}
