package io.cfkit.gateway.origin;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.config.ConfigurationManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.commons.configuration.AbstractConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ribbon keys the gateway reads for a backend: their defaults as apps/edge-gateway/README.md gives them. */
class OriginClientTest {

    // Archaius is JVM-wide: a client name of its own keeps this test's keys apart from every other test's.
    private final String name = "origin-" + UUID.randomUUID();
    private final List<String> keys = List.of("ConnectTimeout", "ReadTimeout", "ConnIdleEvictTimeMilliSeconds",
            "MaxRequestsPerConnection", "MaxAutoRetriesNextServer");
    private final AbstractConfiguration archaius = ConfigurationManager.getConfigInstance();
    private OriginClient client;

    @AfterEach
    void clear() {
        if (client != null) {
            client.shutdown();
        }
        keys.forEach(key -> archaius.clearProperty(name + ".ribbon." + key));
    }

    @Test
    void withNothingConfiguredTheDocumentedDefaultsHold() {
        client = new OriginClient(name);

        assertThat(client.connectTimeoutMillis()).isEqualTo(2000);
        assertThat(client.readTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(client.idleTimeout()).isEqualTo(Duration.ofMillis(30000));
        assertThat(client.maxRequestsPerConnection()).isEqualTo(1000);
        assertThat(client.retriesOnNextServer()).isEqualTo(1);
    }

    @Test
    void theConfigRepoValuesWinAndAreFollowedAsTheyChange() {
        archaius.setProperty(name + ".ribbon.ConnectTimeout", "700");
        archaius.setProperty(name + ".ribbon.ReadTimeout", "1234");
        archaius.setProperty(name + ".ribbon.ConnIdleEvictTimeMilliSeconds", "4000");
        archaius.setProperty(name + ".ribbon.MaxRequestsPerConnection", "7");
        archaius.setProperty(name + ".ribbon.MaxAutoRetriesNextServer", "0");
        client = new OriginClient(name);

        assertThat(client.connectTimeoutMillis()).isEqualTo(700);
        assertThat(client.readTimeout()).isEqualTo(Duration.ofMillis(1234));
        assertThat(client.idleTimeout()).isEqualTo(Duration.ofMillis(4000));
        assertThat(client.maxRequestsPerConnection()).isEqualTo(7);
        assertThat(client.retriesOnNextServer()).isZero();

        // the seed's way: change <client>.ribbon.ReadTimeout in the config repo, no restart
        archaius.setProperty(name + ".ribbon.ReadTimeout", "4321");

        assertThat(client.readTimeout()).isEqualTo(Duration.ofMillis(4321));
    }
}
