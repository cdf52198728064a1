package io.cfkit.discovery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

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

	private static final String CREDENTIALS = "eureka:s3cret";

	private static final String INSTANCE = """
			{"instance": {
			  "instanceId": "127.0.0.1:hello:9001",
			  "app": "HELLO",
			  "hostName": "127.0.0.1",
			  "ipAddr": "127.0.0.1",
			  "vipAddress": "hello",
			  "status": "UP",
			  "port": {"$": 9001, "@enabled": "true"},
			  "securePort": {"$": 443, "@enabled": "false"},
			  "dataCenterInfo": {"@class": "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo", "name": "MyOwn"}
			}}
			""";

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void registryReadsAreRefusedWhileRegistrationsAndHeartbeatsAreAccepted() throws Exception {
		HttpResponse<String> registration = send(HttpRequest.newBuilder(uri("/eureka/apps/HELLO"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(INSTANCE)));
		assertThat(registration.statusCode()).isEqualTo(204);
		HttpResponse<String> heartbeat = send(HttpRequest.newBuilder(uri("/eureka/apps/HELLO/127.0.0.1:hello:9001"))
			.PUT(HttpRequest.BodyPublishers.noBody()));
		assertThat(heartbeat.statusCode()).isEqualTo(200);

		for (String read : new String[] { "/eureka/apps/", "/eureka/apps/delta", "/eureka/apps/HELLO" }) {
			assertThat(send(HttpRequest.newBuilder(uri(read)).header("Accept", "application/json")).statusCode())
				.as(read)
				.isEqualTo(403);
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		request.timeout(Duration.ofSeconds(10))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(StandardCharsets.UTF_8)));
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
