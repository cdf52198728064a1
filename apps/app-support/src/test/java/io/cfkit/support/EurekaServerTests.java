package io.cfkit.support;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EurekaServerTests {

	private final Map<String, String> settings = new HashMap<>(Map.of("EUREKA_URL", "http://10.0.0.5:8761/eureka",
			"EUREKA_USERNAME", "eureka", "EUREKA_PASSWORD", "p@ss/w rd:é"));

	@Test
	void theUrlCarriesNoCredentialsAndEndsWithASlash() {
		EurekaServer server = EurekaServer.from(this.settings::get);

		assertThat(server.serviceUrl()).isEqualTo("http://10.0.0.5:8761/eureka/");
	}

	@Test
	void theCredentialsTravelAsBasicAuthorizationInUtf8() {
		EurekaServer server = EurekaServer.from(this.settings::get);

		// echo -n 'eureka:p@ss/w rd:é' | base64 (a UTF-8 shell)
		assertThat(server.authorization()).isEqualTo("Basic ZXVyZWthOnBAc3MvdyByZDrDqQ==");
	}

	@Test
	void printingItNeverShowsThePassword() {
		assertThat(EurekaServer.from(this.settings::get).toString()).doesNotContain("p@ss")
			.contains("http://10.0.0.5:8761/eureka/");
	}

	@Test
	void aMissingSettingIsNamed() {
		this.settings.remove("EUREKA_PASSWORD");

		assertThatIllegalArgumentException().isThrownBy(() -> EurekaServer.from(this.settings::get))
			.withMessage("EUREKA_PASSWORD is not set: export it or set it in the manifest's vars file");
	}

	@Test
	void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
		this.settings.put("EUREKA_URL", "http://eureka:hunter2@127.0.0.1:8761/eureka/");

		assertThatIllegalArgumentException().isThrownBy(() -> EurekaServer.from(this.settings::get))
			.withMessage("EUREKA_URL must not contain credentials; set EUREKA_USERNAME and EUREKA_PASSWORD instead");
	}

	@Test
	void aUrlThatIsNotHttpIsRefused() {
		this.settings.put("EUREKA_URL", "127.0.0.1:8761");

		assertThatIllegalArgumentException().isThrownBy(() -> EurekaServer.from(this.settings::get))
			.withMessage("EUREKA_URL is not an http(s) URL with a host: 127.0.0.1:8761");
	}

	@Test
	void aUserNameWithAColonIsRefused() {
		this.settings.put("EUREKA_USERNAME", "eu:reka");

		assertThatIllegalArgumentException().isThrownBy(() -> EurekaServer.from(this.settings::get))
			.withMessage("EUREKA_USERNAME must not contain ':'; choose another user name");
	}

}
