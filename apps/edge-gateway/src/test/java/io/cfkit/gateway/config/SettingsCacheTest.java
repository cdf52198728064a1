package io.cfkit.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.config.ConcurrentMapConfiguration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SettingsCacheTest {

    private final ConcurrentMapConfiguration archaius = new ConcurrentMapConfiguration();
    private final SettingsCache<String> cache = new SettingsCache<>();
    private final AtomicInteger reads = new AtomicInteger();

    SettingsCacheTest() {
        SettingsCache.forgetOnChangesOf(archaius, cache);
    }

    @Test
    void readsOnceUntilArchaiusChanges() {
        archaius.setProperty("limit", "1");

        assertThat(cache.get("limit", this::read)).isEqualTo("1");
        assertThat(cache.get("limit", this::read)).isEqualTo("1");
        assertThat(reads).hasValue(1);

        archaius.setProperty("limit", "2");
        assertThat(cache.get("limit", this::read)).isEqualTo("2");
        archaius.clearProperty("limit");
        assertThat(cache.get("limit", this::read)).isNull();
        assertThat(cache.get("limit", this::read)).isNull();
        assertThat(reads).hasValue(3);
    }

    @Test
    void aValueReadWhileArchaiusChangesIsNotRemembered() {
        archaius.setProperty("limit", "1");

        String readDuringChange = cache.get("limit", key -> {
            String old = read(key);
            archaius.setProperty("limit", "2");
            return old;
        });

        assertThat(readDuringChange).isEqualTo("1");
        assertThat(cache.get("limit", this::read)).isEqualTo("2");
    }

    private String read(String key) {
        reads.incrementAndGet();
        return archaius.getString(key, null);
    }
}
