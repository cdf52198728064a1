package io.cfkit.gateway.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.commons.configuration.AbstractConfiguration;

/**
 * Values worked out from settings that read on every request would cost too much (archaius look-ups, parsing),
 * remembered until the settings change. The config refresh sets and clears archaius properties, so whoever owns a
 * cache forgets it on every archaius change ({@link #forgetOnChangesOf}) and a refreshed value is read on the next
 * request. A value read while a change happens is not remembered: it may be the old one.
 */
public final class SettingsCache<V> {

    /** Stands for "no value": the map cannot hold null. */
    private static final Object ABSENT = new Object();

    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    /** The value remembered under the key, or the one the reader gives now (which may be null). */
    @SuppressWarnings("unchecked")
    public V get(String key, Function<String, V> reader) {
        Object value = values.get(key);
        if (value != null) {
            return value == ABSENT ? null : (V) value;
        }
        long changesBefore = changes.get();
        V read = reader.apply(key);
        values.put(key, read == null ? ABSENT : read);
        if (changes.get() != changesBefore) {
            values.remove(key);
        }
        return read;
    }

    public void forget() {
        changes.incrementAndGet();
        values.clear();
    }

    /** Forgets the caches after every change of archaius's properties. */
    public static void forgetOnChangesOf(AbstractConfiguration archaius, SettingsCache<?>... caches) {
        archaius.addConfigurationListener(event -> {
            if (!event.isBeforeUpdate()) {
                for (SettingsCache<?> cache : caches) {
                    cache.forget();
                }
            }
        });
    }
}
