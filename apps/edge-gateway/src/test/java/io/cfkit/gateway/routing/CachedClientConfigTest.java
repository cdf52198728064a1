package io.cfkit.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.client.config.CommonClientConfigKey;
import com.netflix.client.config.DefaultClientConfigImpl;
import com.netflix.client.config.IClientConfigKey;
import com.netflix.config.ConfigurationManager;
import java.util.List;
import java.util.UUID;
import org.apache.commons.configuration.AbstractConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cached configuration answers what ribbon's own answers, and follows changes. Ribbon follows a changed key through
 * callbacks on archaius properties; with two configurations of one client loaded side by side, only the first one
 * loaded followed a cleared key here, so each test that changes a key loads one configuration only.
 */
class CachedClientConfigTest {

    private static final List<IClientConfigKey<?>> KEYS = List.of(
            CommonClientConfigKey.ReadTimeout,
            CommonClientConfigKey.ConnectTimeout,
            CommonClientConfigKey.MaxAutoRetriesNextServer,
            CommonClientConfigKey.ClientClassName);

    // Archaius is JVM-wide: a client name of its own keeps this test's keys apart from every other test's.
    private final String client = "cached-" + UUID.randomUUID();
    private final String readTimeoutKey = client + ".ribbon.ReadTimeout";
    private final String retriesKey = client + ".ribbon.MaxAutoRetriesNextServer";
    private final AbstractConfiguration archaius = ConfigurationManager.getConfigInstance();

    @AfterEach
    void clearKeys() {
        archaius.clearProperty(readTimeoutKey);
        archaius.clearProperty(retriesKey);
    }

    @Test
    void readsTheClientsValuesAsRibbonDoes() {
        archaius.setProperty(readTimeoutKey, "1234");
        DefaultClientConfigImpl ribbon = DefaultClientConfigImpl.getClientConfigWithDefaultValues(client);
        CachedClientConfig cached = CachedClientConfig.load(client, archaius);

        assertThat(cached.get(CommonClientConfigKey.ReadTimeout)).isEqualTo(1234);
        assertSameAnswers(ribbon, cached);
        assertSameAnswers(ribbon, cached);
    }

    @Test
    void aValueChangedInArchaiusIsReadOnTheNextRequest() {
        archaius.setProperty(readTimeoutKey, "1234");
        CachedClientConfig cached = CachedClientConfig.load(client, archaius);
        assertThat(cached.get(CommonClientConfigKey.ReadTimeout)).isEqualTo(1234);

        archaius.setProperty(readTimeoutKey, "4321");

        assertThat(cached.get(CommonClientConfigKey.ReadTimeout)).isEqualTo(4321);
    }

    @Test
    void aKeySetOnlyLaterIsSeenOnceSet() {
        CachedClientConfig cached = CachedClientConfig.load(client, archaius);
        assertThat(cached.get(CommonClientConfigKey.MaxAutoRetriesNextServer)).isNotEqualTo(7);

        archaius.setProperty(retriesKey, "7");

        assertThat(cached.get(CommonClientConfigKey.MaxAutoRetriesNextServer)).isEqualTo(7);
    }

    @Test
    void aValueClearedInArchaiusIsNoLongerRead() {
        archaius.setProperty(readTimeoutKey, "1234");
        CachedClientConfig cached = CachedClientConfig.load(client, archaius);
        assertThat(cached.get(CommonClientConfigKey.ReadTimeout)).isEqualTo(1234);

        archaius.clearProperty(readTimeoutKey);

        assertThat(cached.get(CommonClientConfigKey.ReadTimeout)).isNull();
    }

    @Test
    void aValueSetOnTheConfigurationItselfIsRead() {
        DefaultClientConfigImpl ribbon = DefaultClientConfigImpl.getClientConfigWithDefaultValues(client);
        CachedClientConfig cached = CachedClientConfig.load(client, archaius);
        assertSameAnswers(ribbon, cached);

        ribbon.set(CommonClientConfigKey.ClientClassName, client);
        cached.set(CommonClientConfigKey.ClientClassName, client);

        assertThat(cached.get(CommonClientConfigKey.ClientClassName)).isEqualTo(client);
        assertSameAnswers(ribbon, cached);
    }

    private static void assertSameAnswers(DefaultClientConfigImpl ribbon, CachedClientConfig cached) {
        for (IClientConfigKey<?> key : KEYS) {
            assertThat(cached.get(key)).as(key.key()).isEqualTo(ribbon.get(key));
            assertThat(cached.getProperty(key)).as(key.key()).isEqualTo(ribbon.getProperty(key));
        }
    }
}
