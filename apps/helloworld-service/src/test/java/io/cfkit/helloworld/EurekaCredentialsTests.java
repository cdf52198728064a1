package io.cfkit.helloworld;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Eureka credentials travel in an Authorization header, not in the URL, so that the lines the Eureka client
 * logs while Eureka is unreachable (with the URL it tried) carry no password.
 */
@ExtendWith(OutputCaptureExtension.class)
class EurekaCredentialsTests {

	private static final String PASSWORD = "pw-0f6c2b9e";

	private final List<String> eurekaRequests = new CopyOnWriteArrayList<>();

	private HttpServer eureka;

	private ConfigurableApplicationContext app;

	@BeforeEach
	void startEurekaStub() throws IOException {
		this.eureka = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.eureka.createContext("/eureka/", this::answer);
		this.eureka.start();
	}

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		this.eureka.stop(0);
	}

	@Test
	void credentialsGoInAHeaderAndNeverReachTheLogWhileEurekaIsDown(CapturedOutput output) {
		this.app = new SpringApplicationBuilder(HelloworldApplication.class).run("--PORT=0", "--message=hi",
				"--EUREKA_URL=http://127.0.0.1:" + this.eureka.getAddress().getPort() + "/eureka/",
				"--EUREKA_USERNAME=eureka", "--EUREKA_PASSWORD=" + PASSWORD, "--ADMIN_USERNAME=admin",
				"--ADMIN_PASSWORD=admin", "--CONFIG_SERVER_USERNAME=config", "--CONFIG_SERVER_PASSWORD=unused",
				"--spring.cloud.config.enabled=false", "--SHUTDOWN_DRAIN_SECONDS=0");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.eurekaRequests.stream().anyMatch((r) -> r.startsWith("POST /eureka/apps/")));
		// "Basic " + base64("eureka:pw-0f6c2b9e")
		assertThat(this.eurekaRequests).allMatch((r) -> r.endsWith(" Basic ZXVyZWthOnB3LTBmNmMyYjll"));

		this.eureka.stop(0);
		// Heartbeats every 2 s and registry fetches fail and are logged, with the URL they tried.
		await().atMost(Duration.ofSeconds(20)).until(() -> output.getAll().contains("Connection refused"));

		assertThat(output.getAll()).contains("127.0.0.1:" + this.eureka.getAddress().getPort())
			.doesNotContain(PASSWORD);
	}

	// Records "METHOD path Authorization" and answers as Eureka does: 204 to a registration, 200 otherwise.
	private void answer(HttpExchange exchange) throws IOException {
		this.eurekaRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
				+ exchange.getRequestHeaders().getFirst("Authorization"));
		exchange.getRequestBody().readAllBytes();
		exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 204 : 200, -1);
		exchange.close();
	}

}
