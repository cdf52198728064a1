package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KitCredentialsTest {

    private static final Map<String, String> GATEWAY = Map.of("EUREKA_URL", "https://discovery.apps.internal/eureka",
            "EUREKA_USERNAME", "eureka", "EUREKA_PASSWORD", "app-eureka-secret",
            "ADMIN_USERNAME", "admin", "ADMIN_PASSWORD", "app-admin-secret");

    @Test
    void theGatewayAppsValuesWinOverTheCallersEnvironment() {
        Map<String, String> shell = Map.of("EUREKA_URL", "http://127.0.0.1:8761/eureka/",
                "EUREKA_PASSWORD", "local-eureka-secret", "ADMIN_PASSWORD", "local-admin-secret");

        KitCredentials credentials = KitCredentials.from(GATEWAY, shell);

        assertThat(credentials).isEqualTo(new KitCredentials("https://discovery.apps.internal/eureka/", "eureka",
                "app-eureka-secret", "admin", "app-admin-secret"));
    }

    @Test
    void theCallersEnvironmentFillsWhatTheAppsEnvironmentLacks() {
        Map<String, String> gateway = new HashMap<>(GATEWAY);
        gateway.remove("ADMIN_PASSWORD");
        gateway.put("EUREKA_PASSWORD", " ");

        KitCredentials credentials = KitCredentials.from(gateway,
                Map.of("ADMIN_PASSWORD", "from-the-shell", "EUREKA_PASSWORD", "eureka-from-the-shell"));

        assertThat(credentials.adminPassword()).isEqualTo("from-the-shell");
        assertThat(credentials.eurekaPassword()).isEqualTo("eureka-from-the-shell");
    }

    @Test
    void aCredentialNeitherHasIsOneLineNamingIt() {
        Map<String, String> gateway = new HashMap<>(GATEWAY);
        gateway.remove("ADMIN_USERNAME");

        assertThatThrownBy(() -> KitCredentials.from(gateway, Map.of()))
                .isInstanceOf(UserError.class)
                .hasMessage("ADMIN_USERNAME is not in the edge-gateway app's environment nor in yours: export it"
                        + " (as the edge gateway has it) and try again");
    }

    @Test
    void itsTextHidesTheSecrets() {
        assertThat(KitCredentials.from(GATEWAY, Map.of()).toString())
                .doesNotContain("app-eureka-secret", "app-admin-secret");
    }
}
