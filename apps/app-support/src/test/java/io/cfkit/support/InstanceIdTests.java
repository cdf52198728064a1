package io.cfkit.support;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceIdTests {

	@Test
	void locallyTheNameAndThePort() {
		assertThat(InstanceId.of(Map.<String, String>of()::get, "helloworld-service", 8081))
			.isEqualTo("helloworld-service:8081");
	}

	@Test
	void onCloudFoundryTheNameAndTheInstanceIndex() {
		Map<String, String> cf = Map.of("CF_INSTANCE_INTERNAL_IP", "10.255.0.7", "CF_INSTANCE_INDEX", "2");

		assertThat(InstanceId.of(cf::get, "helloworld-service-green", 8080)).isEqualTo("helloworld-service-green:2");
	}

	@Test
	void onCloudFoundryWithoutAnIndexTheFirst() {
		assertThat(InstanceId.of(Map.of("CF_INSTANCE_INTERNAL_IP", "10.255.0.7")::get, "edge-gateway", 8080))
			.isEqualTo("edge-gateway:0");
	}

}
