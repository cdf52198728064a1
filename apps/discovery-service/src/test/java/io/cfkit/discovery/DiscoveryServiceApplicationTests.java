package io.cfkit.discovery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

// Without the wait after an empty start (EmptyStartTests covers it), so registrations are listed at once.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "EUREKA_USERNAME=eureka",
		"EUREKA_PASSWORD=s3cret", "eureka.server.wait-time-in-ms-when-sync-empty=0" })
class DiscoveryServiceApplicationTests {

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
			  "dataCenterInfo": {"@class": "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo", "name": "MyOwn"},
			  "metadata": {"version": "1.2.3"}
			}}
			""";

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void registeredInstanceIsListedAtOnce() throws Exception {
		HttpResponse<String> registration = send(HttpRequest.newBuilder(uri("/eureka/apps/HELLO"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(INSTANCE)), CREDENTIALS);
		assertThat(registration.statusCode()).isEqualTo(204);

		HttpResponse<String> listing = send(
				HttpRequest.newBuilder(uri("/eureka/apps/HELLO")).header("Accept", "application/json"), CREDENTIALS);
		assertThat(listing.statusCode()).isEqualTo(200);
		assertThat(listing.body()).contains("\"instanceId\":\"127.0.0.1:hello:9001\"")
			.contains("\"status\":\"UP\"")
			.contains("\"version\":\"1.2.3\"");
	}

	@Test
	void apiAndDashboardNeedCredentials() throws Exception {
		assertThat(send(HttpRequest.newBuilder(uri("/eureka/apps/")), null).statusCode()).isEqualTo(401);
		assertThat(send(HttpRequest.newBuilder(uri("/eureka/apps/HELLO"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(INSTANCE)), null).statusCode()).isEqualTo(401);
		assertThat(send(HttpRequest.newBuilder(uri("/eureka/apps/")), "eureka:wrong").statusCode())
			.isEqualTo(401);

		assertThat(send(HttpRequest.newBuilder(uri("/")), null).statusCode()).isEqualTo(401);
		HttpResponse<String> dashboard = send(HttpRequest.newBuilder(uri("/")), CREDENTIALS);
		assertThat(dashboard.statusCode()).isEqualTo(200);
		assertThat(dashboard.body()).contains("Instances currently registered with Eureka");
	}

	@Test
	void aHeartbeatOfAnUnknownInstanceIsABare404SoNetflixClientsRegisterAgain() throws Exception {
		HttpResponse<String> heartbeat = send(HttpRequest.newBuilder(uri("/eureka/apps/GONE/gone:1?status=UP"))
			.header("Accept", "application/json")
			.PUT(HttpRequest.BodyPublishers.noBody()), CREDENTIALS);

		assertThat(heartbeat.statusCode()).isEqualTo(404);
		assertThat(heartbeat.body()).isEmpty();
	}

	@Test
	void healthIsPublic() throws Exception {
		HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")), null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
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
