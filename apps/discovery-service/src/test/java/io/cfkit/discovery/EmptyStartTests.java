package io.cfkit.discovery;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, "Eureka restart loses requests": a server that starts with an empty registry (always, standalone) refuses
 * registry reads for a while, so clients keep the registry they have instead of taking "no instances" as the truth,
 * and accepts the registrations and heartbeats that fill it meanwhile. The wait is a minute here so that the test
 * surely runs inside it; the kit's is one lease (application.yml).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "EUREKA_USERNAME=eureka",
		"EUREKA_PASSWORD=s3cret", "eureka.server.wait-time-in-ms-when-sync-empty=60000" })
class EmptyStartTests {

	@LocalServerPort
	int port;

	@Test
	void registryReadsAreRefusedWhileRegistrationsAndHeartbeatsAreAccepted() throws Exception {
		EurekaApi eureka = new EurekaApi(this.port);
		HttpResponse<String> registration = eureka.send(eureka.register(), EurekaApi.CREDENTIALS);
		assertThat(registration.statusCode()).isEqualTo(204);
		HttpResponse<String> heartbeat = eureka
			.send(eureka.request("/eureka/apps/HELLO/127.0.0.1:hello:9001").PUT(HttpRequest.BodyPublishers.noBody()),
					EurekaApi.CREDENTIALS);
		assertThat(heartbeat.statusCode()).isEqualTo(200);

		for (String read : new String[] { "/eureka/apps/", "/eureka/apps/delta", "/eureka/apps/HELLO" }) {
			assertThat(eureka.send(eureka.request(read).header("Accept", "application/json"), EurekaApi.CREDENTIALS)
				.statusCode())
				.as(read)
				.isEqualTo(403);
		}
	}

}
