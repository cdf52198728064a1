package io.cfkit.discovery;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequiredEnvironmentTests {

	@Test
	void namesTheFirstMissingOrBlankVariable() {
		Map<String, String> env = Map.of("EUREKA_USERNAME", "eureka", "EUREKA_PASSWORD", " ");

		assertThat(RequiredEnvironment.firstMissing(env::get, "EUREKA_USERNAME", "EUREKA_PASSWORD"))
			.contains("EUREKA_PASSWORD");
		assertThat(RequiredEnvironment.firstMissing(env::get, "EUREKA_USERNAME")).isEmpty();
	}

}
