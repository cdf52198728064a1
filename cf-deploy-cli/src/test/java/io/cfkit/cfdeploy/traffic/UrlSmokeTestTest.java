package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.cfkit.cfdeploy.manifest.AppManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deploy's smoke test against a real HTTP server on loopback and real scripts. */
class UrlSmokeTestTest {

    private static final AppManifest APP = new AppManifest("hello-green", "hello.yml", null, null, 64, 1, List.of(),
            Map.of(), "http", "/health", 10);

    private final StringWriter output = new StringWriter();
    private HttpServer server;
    private URI healthy;
    private URI sick;

    @BeforeEach
    void twoInstances() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/ok/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/sick/health", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        healthy = base.resolve("/ok");
        sick = base.resolve("/sick");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void withoutAScriptEachAddressMustAnswerItsHealthCheck() {
        UrlSmokeTest smoke = new UrlSmokeTest(null, new PrintWriter(output, true));

        assertThatCode(() -> smoke.run(APP, List.of(healthy))).doesNotThrowAnyException();
        assertThat(output.toString()).contains("smoke test passed on " + healthy);
        assertThatThrownBy(() -> smoke.run(APP, List.of(healthy, sick)))
                .hasMessage("smoke test: " + sick + "/health answered 503");
    }

    @Test
    void aScriptThatExitsNonZeroFailsTheSmokeTest() {
        assertThatCode(() -> new UrlSmokeTest(Path.of("/bin/true"), new PrintWriter(output, true)).run(APP,
                List.of(sick))).doesNotThrowAnyException();
        assertThatThrownBy(() -> new UrlSmokeTest(Path.of("/bin/false"), new PrintWriter(output, true)).run(APP,
                List.of(healthy))).hasMessage("smoke test /bin/false failed (exit 1) on " + healthy);
    }
}
