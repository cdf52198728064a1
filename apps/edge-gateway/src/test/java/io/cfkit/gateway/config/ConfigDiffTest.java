package io.cfkit.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    @Test
    void findsAddedChangedAndRemovedKeys() {
        Map<String, String> before = Map.of("a", "1", "b", "2", "c", "3");
        Map<String, String> after = Map.of("a", "1", "b", "20", "d", "4");

        ConfigDiff diff = ConfigDiff.between(before, after);

        assertThat(diff.added()).containsExactly(Map.entry("d", "4"));
        assertThat(diff.changed()).containsExactly(Map.entry("b", "20"));
        assertThat(diff.removed()).containsExactly("c");
        assertThat(diff.keys()).containsExactly("b", "c", "d");
        assertThat(diff.size()).isEqualTo(3);
        assertThat(diff.isEmpty()).isFalse();
    }

    @Test
    void sameConfigurationIsNoChange() {
        Map<String, String> config = Map.of("a", "1");

        assertThat(ConfigDiff.between(config, Map.copyOf(config)).isEmpty()).isTrue();
        assertThat(ConfigDiff.between(Map.of(), Map.of()).isEmpty()).isTrue();
    }

    @Test
    void firstLoadAddsEverything() {
        ConfigDiff diff = ConfigDiff.between(Map.of(), Map.of("a", "1", "b", "2"));

        assertThat(diff.added()).containsOnlyKeys("a", "b");
        assertThat(diff.changed()).isEmpty();
        assertThat(diff.removed()).isEmpty();
    }

    @Test
    void masksValuesOfSecretLookingKeys() {
        ConfigDiff diff = ConfigDiff.between(
                Map.of("db.password", "old", "x", "1"),
                Map.of(
                        "db.password", "new",
                        "api.Secret", "s",
                        "auth.token-value", "t",
                        "message", "hello",
                        "x", "2"));

        ConfigDiff masked = diff.masked();

        assertThat(masked.added())
                .containsEntry("api.Secret", ConfigDiff.MASK)
                .containsEntry("auth.token-value", ConfigDiff.MASK)
                .containsEntry("message", "hello");
        assertThat(masked.changed()).containsEntry("db.password", ConfigDiff.MASK).containsEntry("x", "2");
        assertThat(diff.toString()).doesNotContain("new").doesNotContain("\"s\"").contains("hello");
    }
}
