package io.cfkit.helloworld;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequiredEnvironmentTests {

	@Test
	void namesTheFirstMissingOrBlankVariable() {
		Map<String, String> env = Map.of("ADMIN_USERNAME", "admin", "ADMIN_PASSWORD", "");

		assertThat(RequiredEnvironment.firstMissing(env::get, "ADMIN_USERNAME", "ADMIN_PASSWORD", "EUREKA_PASSWORD"))
			.contains("ADMIN_PASSWORD");
		assertThat(RequiredEnvironment.firstMissing(env::get, "ADMIN_USERNAME")).isEmpty();
	}

}
