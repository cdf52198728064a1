package io.cfkit.helloworld;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class EurekaEnvironmentPostProcessorTests {

	private final MockEnvironment environment = new MockEnvironment()
		.withProperty("spring.application.name", "helloworld-service")
		.withProperty("server.port", "8081")
		.withProperty("EUREKA_URL", "http://10.0.0.5:8761/eureka/")
		.withProperty("EUREKA_USERNAME", "eureka")
		.withProperty("EUREKA_PASSWORD", "p@ss/w rd");

	@Test
	void theServiceUrlIsEurekaUrlWithoutTheCredentials() {
		new EurekaEnvironmentPostProcessor().postProcessEnvironment(this.environment, null);

		assertThat(this.environment.getProperty("eureka.client.service-url.defaultZone"))
			.isEqualTo("http://10.0.0.5:8761/eureka/");
	}

	@Test
	void instanceIdIsNameAndPortLocally() {
		new EurekaEnvironmentPostProcessor().postProcessEnvironment(this.environment, null);

		assertThat(this.environment.getProperty("eureka.instance.instance-id")).isEqualTo("helloworld-service:8081");
	}

	@Test
	void instanceIdIsCloudFoundryAppNameAndIndexOnCloudFoundry() {
		this.environment.withProperty("CF_INSTANCE_INTERNAL_IP", "10.255.0.7")
			.withProperty("CF_INSTANCE_INDEX", "2")
			.withProperty("vcap.application.application_name", "helloworld-service-green");
		new EurekaEnvironmentPostProcessor().postProcessEnvironment(this.environment, null);

		assertThat(this.environment.getProperty("eureka.instance.instance-id"))
			.isEqualTo("helloworld-service-green:2");
	}

	@Test
	void explicitSettingsWin() {
		this.environment.withProperty("eureka.instance.instance-id", "chosen");
		new EurekaEnvironmentPostProcessor().postProcessEnvironment(this.environment, null);

		assertThat(this.environment.getProperty("eureka.instance.instance-id")).isEqualTo("chosen");
	}

}
