package io.cfkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class GatewaySettingsTest {

    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("CONFIG_SERVER_URL", "http://127.0.0.1:8888");
        env.put("CONFIG_SERVER_USERNAME", "cfg");
        env.put("CONFIG_SERVER_PASSWORD", "cfg-pw");
        env.put("EUREKA_URL", "http://127.0.0.1:8761/eureka/");
        env.put("EUREKA_USERNAME", "eu");
        env.put("EUREKA_PASSWORD", "eu-pw");
        env.put("ADMIN_USERNAME", "admin");
        env.put("ADMIN_PASSWORD", "admin-pw");
        return env;
    }

    @Test
    void defaultsForTheOptionalValues() {
        GatewaySettings s = GatewaySettings.from(complete(), new Properties());

        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.serverAddress()).isEqualTo("127.0.0.1");
        assertThat(s.configRefreshSeconds()).isEqualTo(2);
        assertThat(s.instanceAddress()).isEqualTo("127.0.0.1");
        assertThat(s.instanceId()).isEqualTo("edge-gateway:8080");
    }

    @Test
    void aMissingVariableIsNamedInOneLine() {
        Map<String, String> env = complete();
        env.remove("EUREKA_PASSWORD");

        assertThatThrownBy(() -> GatewaySettings.from(env, new Properties()))
                .isInstanceOf(StartupException.class)
                .hasMessage("missing required environment variable EUREKA_PASSWORD");
    }

    @Test
    void severalMissingVariablesAreNamedTogether() {
        Map<String, String> env = complete();
        env.remove("ADMIN_USERNAME");
        env.put("CONFIG_SERVER_URL", "  ");

        assertThatThrownBy(() -> GatewaySettings.from(env, new Properties()))
                .hasMessage("missing required environment variables CONFIG_SERVER_URL, ADMIN_USERNAME");
    }

    @Test
    void systemPropertiesOverrideTheEnvironment() {
        Map<String, String> env = complete();
        env.put("PORT", "9000");
        Properties props = new Properties();
        props.setProperty("PORT", "9100");
        props.setProperty("SERVER_ADDRESS", "0.0.0.0");
        props.setProperty("ADMIN_PASSWORD", "from-property");

        GatewaySettings s = GatewaySettings.from(env, props);

        assertThat(s.port()).isEqualTo(9100);
        assertThat(s.serverAddress()).isEqualTo("0.0.0.0");
        assertThat(s.adminPassword()).isEqualTo("from-property");
        assertThat(s.instanceId()).isEqualTo("edge-gateway:9100");
    }

    @Test
    void onCloudFoundryTheContainerAddressAndIndexIdentifyTheInstance() {
        Map<String, String> env = complete();
        env.put("CF_INSTANCE_INTERNAL_IP", "10.255.1.7");
        env.put("CF_INSTANCE_INDEX", "3");

        GatewaySettings s = GatewaySettings.from(env, new Properties());

        assertThat(s.instanceAddress()).isEqualTo("10.255.1.7");
        assertThat(s.instanceId()).isEqualTo("edge-gateway:3");
    }

    @Test
    void badValuesAreExplained() {
        Map<String, String> env = complete();
        env.put("PORT", "eighty");
        assertThatThrownBy(() -> GatewaySettings.from(env, new Properties()))
                .hasMessage("PORT must be a number between 1 and 65535, not 'eighty'");

        Map<String, String> env2 = complete();
        env2.put("EUREKA_URL", "http://user:pw@127.0.0.1:8761/eureka/");
        assertThatThrownBy(() -> GatewaySettings.from(env2, new Properties()))
                .hasMessageStartingWith("EUREKA_URL must not contain credentials");

        Map<String, String> env3 = complete();
        env3.put("CONFIG_SERVER_URL", "127.0.0.1:8888");
        assertThatThrownBy(() -> GatewaySettings.from(env3, new Properties()))
                .hasMessage("CONFIG_SERVER_URL is not an http(s) URL: 127.0.0.1:8888");
    }

    @Test
    void toStringHidesSecrets() {
        String text = GatewaySettings.from(complete(), new Properties()).toString();

        assertThat(text).doesNotContain("cfg-pw", "eu-pw", "admin-pw");
    }
}
