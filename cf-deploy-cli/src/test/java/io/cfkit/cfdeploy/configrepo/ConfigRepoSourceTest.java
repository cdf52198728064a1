package io.cfkit.cfdeploy.configrepo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRepoSourceTest {

    private static final String PASSWORD = "s3cret-token";

    @Test
    void theEnvironmentGivesTheRepositoryItsBranchAndCredentials() {
        assertThat(ConfigRepoSource.fromEnvironment(Map.of())).isEmpty();
        assertThat(ConfigRepoSource.fromEnvironment(Map.of("CONFIG_REPO_URI", "https://git.example/config.git")))
                .contains(new ConfigRepoSource("https://git.example/config.git", "main", null, null));
        assertThat(ConfigRepoSource.fromEnvironment(Map.of("CONFIG_REPO_URI", "https://git.example/config.git",
                "CONFIG_REPO_BRANCH", "prod", "CONFIG_REPO_USERNAME", "ci", "CONFIG_REPO_PASSWORD", PASSWORD)))
                .contains(new ConfigRepoSource("https://git.example/config.git", "prod", "ci", PASSWORD));
    }

    @Test
    void noPasswordInItsDescriptionNorInALibrarysMessageItScrubs() {
        ConfigRepoSource source = new ConfigRepoSource("https://ci:" + PASSWORD + "-2@git.example/config.git", null,
                "ci", PASSWORD);

        assertThat(source.displayName()).isEqualTo("https://git.example/config.git");
        assertThat(source.toString()).doesNotContain(PASSWORD).contains("https://git.example/config.git");
        assertThat(source.scrub("https://ci@git.example/config.git: not authorized (token " + PASSWORD + ")"))
                .isEqualTo("https://git.example/config.git: not authorized (token ****)");
        assertThat(source.scrub("https://ci:" + PASSWORD + "-2@git.example/config.git: refused"))
                .isEqualTo("https://git.example/config.git: refused");
    }
}
