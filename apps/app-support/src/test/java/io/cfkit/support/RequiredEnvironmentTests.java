package io.cfkit.support;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequiredEnvironmentTests {

	@Test
	void namesTheFirstMissingOrBlankVariable() {
		Map<String, String> env = Map.of("CONFIG_REPO_URI", "file:///tmp/repo", "CONFIG_SERVER_USERNAME", " ");

		assertThat(RequiredEnvironment.firstMissing(env::get, "CONFIG_REPO_URI", "CONFIG_SERVER_USERNAME"))
			.contains("CONFIG_SERVER_USERNAME");
		assertThat(RequiredEnvironment.firstMissing(env::get, "CONFIG_REPO_URI")).isEmpty();
	}

}
