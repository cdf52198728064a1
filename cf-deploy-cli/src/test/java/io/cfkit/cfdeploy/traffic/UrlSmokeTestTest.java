package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.cfkit.cfdeploy.Poller;
import io.cfkit.cfdeploy.manifest.AppManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void aRouteTheRouterDoesNotKnowYetIsAskedAgainUntilItAnswers() {
        AtomicInteger asked = new AtomicInteger();
        server.createContext("/new-route/health", exchange -> {
            if (asked.incrementAndGet() <= 2) {
                exchange.getResponseHeaders().add("X-Cf-Routererror", "unknown_route");
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        URI newRoute = healthy.resolve("/new-route");

        assertThatCode(() -> quickly().run(APP, List.of(newRoute))).doesNotThrowAnyException();
        assertThat(asked).hasValue(3);
        assertThat(output.toString()).contains("smoke test passed on " + newRoute);
    }

    @Test
    void aRouteTheRouterNeverKnowsFailsOnceTheWaitIsOver() {
        AtomicInteger asked = new AtomicInteger();
        server.createContext("/unknown/health", exchange -> {
            asked.incrementAndGet();
            exchange.getResponseHeaders().add("X-Cf-Routererror", "unknown_route");
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        URI unknown = healthy.resolve("/unknown");

        assertThatThrownBy(() -> quickly().run(APP, List.of(unknown))).hasMessage("smoke test: " + unknown
                + "/health answered 404: the router knows no such route (still after 1 s)");
        assertThat(asked.get()).isGreaterThan(1);
    }

    @Test
    void anyOtherAnswerIsJudgedAtOnce() {
        AtomicInteger asked = new AtomicInteger();
        server.createContext("/missing/health", exchange -> {
            asked.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        URI missing = healthy.resolve("/missing");

        assertThatThrownBy(() -> quickly().run(APP, List.of(missing)))
                .hasMessage("smoke test: " + missing + "/health answered 404");
        assertThat(asked).hasValue(1);
    }

    @Test
    void anAddressThatRefusesConnectionsIsAskedAgainThenReportedAsNotAnswering() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI refused = URI.create("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> quickly().run(APP, List.of(refused)))
                .hasMessageStartingWith("smoke test: " + refused + "/health did not answer: ")
                .hasMessageEndingWith(" (still after 1 s)");
    }

    /** Asks again every 20 ms for at most a second, instead of every second for a minute. */
    private UrlSmokeTest quickly() {
        return new UrlSmokeTest(null, new PrintWriter(output, true),
                Poller.every(Duration.ofMillis(20), Duration.ofSeconds(1)));
    }
}
