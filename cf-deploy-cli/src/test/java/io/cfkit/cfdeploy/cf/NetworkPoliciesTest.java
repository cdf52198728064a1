package io.cfkit.cfdeploy.cf;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.cf.NetworkPolicies.Policy;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkPoliciesTest {

    private static final AppSet KIT = AppSet.of(List.of(
            app("discovery-service", "discovery.apps.example.com"),
            app("edge-gateway", "hello.apps.example.com"),
            app("helloworld-service", "helloworld-service.apps.internal"),
            app("audit-service", "audit.apps.internal/v1")));

    @Test
    void theGatewayReachesEveryAppWhoseRoutesAreAllInternal() {
        assertThat(NetworkPolicies.needed(KIT, List.of("edge-gateway", "helloworld-service"))).containsExactly(
                new Policy("edge-gateway", "helloworld-service", 8080),
                new Policy("edge-gateway", "audit-service", 8080));
    }

    @Test
    void aStartedVersionOfTheGatewayReachesWhatTheGatewayReaches() {
        assertThat(NetworkPolicies.needed(KIT, List.of("helloworld-service-v2", "edge-gateway-v0-1-7")))
                .containsExactly(
                        new Policy("edge-gateway", "helloworld-service", 8080),
                        new Policy("edge-gateway", "audit-service", 8080),
                        new Policy("edge-gateway-v0-1-7", "helloworld-service", 8080),
                        new Policy("edge-gateway-v0-1-7", "audit-service", 8080));
    }

    @Test
    void aKitWithoutTheGatewayNeedsNone() {
        AppSet backends = AppSet.of(List.of(app("helloworld-service", "helloworld-service.apps.internal")));

        assertThat(NetworkPolicies.needed(backends, List.of("edge-gateway-v2"))).isEmpty();
    }

    private static AppManifest app(String name, String route) {
        return new AppManifest(name, "manifests/" + name + ".yml", name + ".jar", null, 512, 1, List.of(route),
                Map.of(), "http", "/health", 60);
    }
}
