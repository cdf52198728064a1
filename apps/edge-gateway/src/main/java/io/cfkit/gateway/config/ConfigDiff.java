package io.cfkit.gateway.config;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two versions of the configuration. Applying only the difference matters: a ribbon client or
 * a dynamic property listener is told about a key only when that key really changed.
 */
public record ConfigDiff(SortedMap<String, String> added, SortedMap<String, String> changed, SortedSet<String> removed) {

    static final String MASK = "******";

    public ConfigDiff {
        added = Collections.unmodifiableSortedMap(new TreeMap<>(added));
        changed = Collections.unmodifiableSortedMap(new TreeMap<>(changed));
        removed = Collections.unmodifiableSortedSet(new TreeSet<>(removed));
    }

    public static ConfigDiff between(Map<String, String> before, Map<String, String> after) {
        SortedMap<String, String> added = new TreeMap<>();
        SortedMap<String, String> changed = new TreeMap<>();
        SortedSet<String> removed = new TreeSet<>();
        after.forEach((key, value) -> {
            if (!before.containsKey(key)) {
                added.put(key, value);
            } else if (!Objects.equals(before.get(key), value)) {
                changed.put(key, value);
            }
        });
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                removed.add(key);
            }
        }
        return new ConfigDiff(added, changed, removed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }

    public int size() {
        return added.size() + changed.size() + removed.size();
    }

    /** The same diff with secret-looking values replaced, for logs and the admin API. */
    public ConfigDiff masked() {
        return new ConfigDiff(mask(added), mask(changed), removed);
    }

    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token");
    }

    private static SortedMap<String, String> mask(Map<String, String> values) {
        SortedMap<String, String> masked = new TreeMap<>();
        values.forEach((key, value) -> masked.put(key, isSecret(key) ? MASK : value));
        return masked;
    }

    public Set<String> keys() {
        SortedSet<String> keys = new TreeSet<>(added.keySet());
        keys.addAll(changed.keySet());
        keys.addAll(removed);
        return keys;
    }

    @Override
    public String toString() {
        ConfigDiff safe = masked();
        return "added=" + safe.added + ", changed=" + safe.changed + ", removed=" + safe.removed;
    }
}
