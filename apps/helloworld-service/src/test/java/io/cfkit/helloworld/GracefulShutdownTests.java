package io.cfkit.helloworld;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the app against a stub Eureka server, closes it as a SIGTERM would, and checks the order:
 * unregistered from Eureka first, still answering during the drain period, then stopped.
 */
class GracefulShutdownTests {

	private static final int DRAIN_SECONDS = 2;

	private final List<String> eurekaRequests = new CopyOnWriteArrayList<>();

	private HttpServer eureka;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void startEurekaStub() throws IOException {
		this.eureka = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.eureka.createContext("/eureka/", this::answer);
		this.eureka.start();
	}

	@AfterEach
	void stopEurekaStub() {
		this.eureka.stop(0);
	}

	@Test
	void leavesEurekaThenKeepsServingDuringTheDrainPeriod() throws Exception {
		ConfigurableApplicationContext app = new SpringApplicationBuilder(HelloworldApplication.class).run(
				"--PORT=0", "--message=still here", "--EUREKA_URL=http://127.0.0.1:" + this.eureka.getAddress().getPort() + "/eureka/",
				"--EUREKA_USERNAME=eureka", "--EUREKA_PASSWORD=s3cret", "--ADMIN_USERNAME=admin",
				"--ADMIN_PASSWORD=admin", "--CONFIG_SERVER_USERNAME=config", "--CONFIG_SERVER_PASSWORD=unused",
				"--spring.cloud.config.enabled=false", "--eureka.client.fetch-registry=false",
				"--SHUTDOWN_DRAIN_SECONDS=" + DRAIN_SECONDS);
		String port = app.getEnvironment().getProperty("local.server.port");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.eurekaRequests.contains("POST /eureka/apps/HELLOWORLD-SERVICE eureka:s3cret"));

		long closeStarted = System.nanoTime();
		Thread shutdown = new Thread(app::close);
		shutdown.start();

		await().atMost(Duration.ofSeconds(DRAIN_SECONDS))
			.until(() -> this.eurekaRequests
				.contains("DELETE /eureka/apps/HELLOWORLD-SERVICE/helloworld-service:0 eureka:s3cret"));
		HttpResponse<String> duringDrain = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(shutdown.isAlive()).as("still shutting down").isTrue();
		assertThat(duringDrain.statusCode()).isEqualTo(200);
		assertThat(duringDrain.body()).isEqualTo("still here");

		shutdown.join(Duration.ofSeconds(30).toMillis());
		assertThat(shutdown.isAlive()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - closeStarted)).isGreaterThanOrEqualTo(
				Duration.ofSeconds(DRAIN_SECONDS));
	}

	// Records "METHOD path user:password" and answers as Eureka does: 204 to a registration, 200 otherwise.
	private void answer(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		String credentials = (authorization != null)
				? new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())),
						StandardCharsets.UTF_8)
				: "-";
		this.eurekaRequests.add(
				exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + credentials);
		exchange.getRequestBody().readAllBytes();
		exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 204 : 200, -1);
		exchange.close();
	}

}
