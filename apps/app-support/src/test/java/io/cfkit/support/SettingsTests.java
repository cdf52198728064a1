package io.cfkit.support;

import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsTests {

	@Test
	void aSystemPropertyWinsOverTheEnvironmentVariable() {
		Properties systemProperties = new Properties();
		systemProperties.setProperty("PORT", "9000");

		UnaryOperator<String> settings = Settings.of(Map.of("PORT", "8080", "SERVER_ADDRESS", "0.0.0.0"),
				systemProperties);

		assertThat(settings.apply("PORT")).isEqualTo("9000");
		assertThat(settings.apply("SERVER_ADDRESS")).isEqualTo("0.0.0.0");
	}

	@Test
	void blankCountsAsUnsetAndValuesAreTrimmed() {
		Properties systemProperties = new Properties();
		systemProperties.setProperty("PORT", " ");

		UnaryOperator<String> settings = Settings.of(Map.of("PORT", " 8080 ", "EUREKA_URL", "  "), systemProperties);

		assertThat(settings.apply("PORT")).isEqualTo("8080");
		assertThat(settings.apply("EUREKA_URL")).isNull();
		assertThat(settings.apply("ABSENT")).isNull();
	}

}
