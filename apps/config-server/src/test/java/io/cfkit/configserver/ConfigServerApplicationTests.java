package io.cfkit.configserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "CONFIG_SERVER_USERNAME=config", "CONFIG_SERVER_PASSWORD=s3cret" })
class ConfigServerApplicationTests {

	@TempDir
	static Path repoDir;

	static Git git;

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void createConfigRepository() throws Exception {
		git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call();
		commit("message: Hello from the test repo\n");
	}

	@AfterAll
	static void closeRepository() {
		git.close();
	}

	/**
	 * A plain path, as the local platform passes (LocalPlatform, ConfigRepository): the server clones it and
	 * serves commits only. A file: URI would be read in place, which is not the mode the kit runs.
	 */
	@DynamicPropertySource
	static void configRepository(DynamicPropertyRegistry registry) {
		registry.add("CONFIG_REPO_URI", () -> repoDir.toAbsolutePath().toString());
	}

	@Test
	void serveConfigurationOnlyWithCredentials() throws Exception {
		assertThat(get("/helloworld-service/default", null).statusCode()).isEqualTo(401);
		assertThat(get("/helloworld-service/default", "config:wrong").statusCode()).isEqualTo(401);
		assertThat(get("/helloworld-service/default", "config:s3cret").statusCode()).isEqualTo(200);
	}

	@Test
	void serveEachNewCommitWithoutRestartButNeverAnUncommittedEdit() throws Exception {
		commit("message: Hello from a new commit\n");
		assertThat(message()).isEqualTo("Hello from a new commit");

		Files.writeString(repoDir.resolve("helloworld-service.yml"), "message: Hello from an uncommitted edit\n");
		assertThat(message()).isEqualTo("Hello from a new commit");

		commit("message: Hello from the next commit\n");
		assertThat(message()).isEqualTo("Hello from the next commit");
	}

	@Test
	void healthIsPublic() throws Exception {
		HttpResponse<String> response = get("/actuator/health", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
	}

	private static void commit(String content) throws Exception {
		Files.writeString(repoDir.resolve("helloworld-service.yml"), content);
		git.add().addFilepattern("helloworld-service.yml").call();
		git.commit().setMessage("Change the message").setAuthor("test", "test@example.com")
			.setCommitter("test", "test@example.com").setSign(false).call();
	}

	private String message() throws Exception {
		HttpResponse<String> response = get("/helloworld-service/default", "config:s3cret");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode sources = new ObjectMapper().readTree(response.body()).path("propertySources");
		assertThat(sources).as(response.body()).hasSize(1);
		return sources.get(0).path("source").path("message").asText();
	}

	private HttpResponse<String> get(String path, String credentials) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
