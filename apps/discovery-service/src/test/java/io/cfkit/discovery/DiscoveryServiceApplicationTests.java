package io.cfkit.discovery;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

// Without the wait after an empty start (EmptyStartTests covers it), so registrations are listed at once.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "EUREKA_USERNAME=eureka",
		"EUREKA_PASSWORD=s3cret", "eureka.server.wait-time-in-ms-when-sync-empty=0" })
class DiscoveryServiceApplicationTests {

	@LocalServerPort
	int port;

	private EurekaApi eureka;

	@BeforeEach
	void client() {
		this.eureka = new EurekaApi(this.port);
	}

	@Test
	void registeredInstanceIsListedAtOnce() throws Exception {
		HttpResponse<String> registration = eureka.send(eureka.register(), EurekaApi.CREDENTIALS);
		assertThat(registration.statusCode()).isEqualTo(204);

		HttpResponse<String> listing = eureka.send(
				eureka.request("/eureka/apps/HELLO").header("Accept", "application/json"), EurekaApi.CREDENTIALS);
		assertThat(listing.statusCode()).isEqualTo(200);
		assertThat(listing.body()).contains("\"instanceId\":\"127.0.0.1:hello:9001\"")
			.contains("\"status\":\"UP\"")
			.contains("\"version\":\"1.2.3\"");
	}

	@Test
	void apiAndDashboardNeedCredentials() throws Exception {
		assertThat(eureka.send(eureka.request("/eureka/apps/"), null).statusCode()).isEqualTo(401);
		assertThat(eureka.send(eureka.register(), null).statusCode()).isEqualTo(401);
		assertThat(eureka.send(eureka.request("/eureka/apps/"), "eureka:wrong").statusCode())
			.isEqualTo(401);

		assertThat(eureka.send(eureka.request("/"), null).statusCode()).isEqualTo(401);
		HttpResponse<String> dashboard = eureka.send(eureka.request("/"), EurekaApi.CREDENTIALS);
		assertThat(dashboard.statusCode()).isEqualTo(200);
		assertThat(dashboard.body()).contains("Instances currently registered with Eureka");
	}

	@Test
	void aHeartbeatOfAnUnknownInstanceIsABare404SoNetflixClientsRegisterAgain() throws Exception {
		HttpResponse<String> heartbeat = eureka.send(eureka.request("/eureka/apps/GONE/gone:1?status=UP")
			.header("Accept", "application/json")
			.PUT(HttpRequest.BodyPublishers.noBody()), EurekaApi.CREDENTIALS);

		assertThat(heartbeat.statusCode()).isEqualTo(404);
		assertThat(heartbeat.body()).isEmpty();
	}

	@Test
	void healthIsPublic() throws Exception {
		HttpResponse<String> health = eureka.send(eureka.request("/actuator/health"), null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
	}

}
