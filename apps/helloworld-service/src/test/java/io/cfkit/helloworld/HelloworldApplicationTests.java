package io.cfkit.helloworld;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "message=Hello from the test",
		"APP_VERSION=1.2.3-test", "ADMIN_USERNAME=admin", "ADMIN_PASSWORD=s3cret",
		"CONFIG_SERVER_USERNAME=config", "CONFIG_SERVER_PASSWORD=unused",
		"EUREKA_URL=http://127.0.0.1:8761/eureka/", "EUREKA_USERNAME=eureka",
		"EUREKA_PASSWORD=unused", "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
		"SHUTDOWN_DRAIN_SECONDS=0",
		// A refresh rebuilds the configuration from the standard sources only; keep these test properties.
		"spring.cloud.refresh.additional-property-sources-to-retain=Inlined Test Properties" })
class HelloworldApplicationTests {

	private static final String ADMIN = "admin:s3cret";

	@LocalServerPort
	int port;

	@Autowired
	ConfigurableEnvironment environment;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void answersTheConfiguredMessageWithTheVersionHeader() throws Exception {
		HttpResponse<String> response = get("/", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Hello from the test");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
		assertThat(response.headers().firstValue("X-App-Version")).contains("1.2.3-test");
	}

	@Test
	void answersTheInstanceIdOfEureka() throws Exception {
		HttpResponse<String> response = get("/id", null);
		assertThat(response.statusCode()).isEqualTo(200);
		// Locally <spring.application.name>:<port>; the test runs with server.port=0.
		assertThat(response.body()).isEqualTo("helloworld-service:0")
			.isEqualTo(this.environment.getProperty("eureka.instance.instance-id"));
		assertThat(response.headers().firstValue("X-App-Version")).contains("1.2.3-test");
	}

	@Test
	void neverFailsWithTheFaultSwitchOff() throws Exception {
		for (int i = 0; i < 50; i++) {
			assertThat(get("/", null).statusCode()).isEqualTo(200);
			assertThat(get("/id", null).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void healthIsPublicAndOtherActuatorEndpointsAreNot() throws Exception {
		HttpResponse<String> health = get("/actuator/health", null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.headers().firstValue("X-App-Version")).contains("1.2.3-test");

		assertThat(get("/actuator/info", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/info", ADMIN).statusCode()).isEqualTo(200);
		HttpResponse<String> refresh = post("/actuator/refresh", null);
		assertThat(refresh.statusCode()).isEqualTo(401);
		assertThat(refresh.headers().firstValue("X-App-Version")).contains("1.2.3-test");
		assertThat(post("/actuator/refresh", "admin:wrong").statusCode()).isEqualTo(401);
		assertThat(get("/actuator/env", ADMIN).statusCode()).isEqualTo(404);
	}

	@Test
	void appliesNewMessageAndFaultRateOnRefresh() throws Exception {
		// Stands in for a new commit in the config repository.
		MapPropertySource changes = new MapPropertySource("testChanges",
				Map.of("message", "Changed", "fault.error-rate", "1.0"));
		this.environment.getPropertySources().addFirst(changes);
		try {
			assertThat(get("/", null).body()).isEqualTo("Hello from the test");

			assertThat(post("/actuator/refresh", ADMIN).statusCode()).isEqualTo(200);
			for (int i = 0; i < 20; i++) {
				HttpResponse<String> response = get((i % 2 == 0) ? "/" : "/id", null);
				assertThat(response.statusCode()).isEqualTo(500);
				assertThat(response.body()).contains("injected fault");
				assertThat(response.headers().firstValue("X-App-Version")).contains("1.2.3-test");
			}

			this.environment.getPropertySources()
				.replace("testChanges", new MapPropertySource("testChanges", Map.of("message", "Changed")));
			assertThat(post("/actuator/refresh", ADMIN).statusCode()).isEqualTo(200);
			assertThat(get("/", null).body()).isEqualTo("Changed");
		}
		finally {
			this.environment.getPropertySources().remove("testChanges");
			post("/actuator/refresh", ADMIN);
		}
		assertThat(get("/", null).body()).isEqualTo("Hello from the test");
	}

	private HttpResponse<String> get(String path, String credentials) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET(), credentials);
	}

	private HttpResponse<String> post(String path, String credentials) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), credentials);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String credentials)
			throws IOException, InterruptedException {
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
