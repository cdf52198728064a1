package io.cfkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.config.ConfigurationManager;
import io.cfkit.gateway.support.Backend;
import io.cfkit.gateway.support.ConfigServerStub;
import io.cfkit.gateway.support.EurekaStub;
import io.cfkit.gateway.support.GatewayUnderTest;
import io.cfkit.gateway.support.RawHttp;
import io.cfkit.gateway.support.RawHttp.Response;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * What the edge refuses, sent as raw bytes to the gateway in-process: each refusal is answered by the gateway itself
 * (a status and its JSON error body, or the connection closed) and the backend behind the route receives nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class EdgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EUREKA_USER = "eureka";
    private static final String EUREKA_PASSWORD = "eureka-pw";
    private static final int HEADER_TIMEOUT_MILLIS = 1000;

    private final GatewayUnderTest gateway = new GatewayUnderTest();
    private ConfigServerStub config;
    private EurekaStub eureka;
    private Backend edge;
    private Backend small;
    private Backend slow;

    @BeforeAll
    void startEverything() throws Exception {
        config = gateway.track(ConfigServerStub.start(
                "edge-gateway", GatewayUnderTest.CONFIG_USERNAME, GatewayUnderTest.CONFIG_PASSWORD));
        eureka = gateway.track(EurekaStub.start(EUREKA_USER, EUREKA_PASSWORD));
        edge = gateway.track(Backend.start("edge-1"));
        small = gateway.track(Backend.start("small-1"));
        slow = gateway.track(Backend.startSlow("slow-1", 1500));
        eureka.register("edge-service", "edge-service:1", edge.port(), Map.of());
        eureka.register("small-service", "small-service:1", small.port(), Map.of());
        eureka.register("slow-service", "slow-service:1", slow.port(), Map.of());

        config.put("zuul.routes.edge.path", "/edge/**")
                .put("zuul.routes.edge.service-id", "edge-service")
                .put("zuul.routes.small.path", "/small/**")
                .put("zuul.routes.small.service-id", "small-service")
                .put("zuul.routes.small.max-body-size", "1KB")
                .put("zuul.routes.slow.path", "/slow/**")
                .put("zuul.routes.slow.service-id", "slow-service")
                .put("zuul.routes.slow.max-concurrent-requests", "2")
                .put("slow-service.ribbon.ReadTimeout", "5000")
                .put("gateway.limits.header-read-timeout-ms", Integer.toString(HEADER_TIMEOUT_MILLIS))
                // Zuul's timeout for the body, read once at start: the slow-body test waits for it.
                .put("server.http.request.read.timeout", "1500")
                .put("server.outofservice.close.timeout", "1")
                .putShared("eureka.client.registry-fetch-interval-seconds", "1")
                .putShared("eureka.instance.lease-renewal-interval-in-seconds", "1");

        gateway.start(config.url(), eureka.url(), EUREKA_USER, EUREKA_PASSWORD);
        await("routes served").atMost(Duration.ofSeconds(10))
                .until(() -> get("/edge/warm").status() == 200 && get("/small/warm").status() == 200);
    }

    @AfterAll
    void stopEverything() {
        try {
            gateway.close();
        } finally {
            // Archaius is JVM-wide: the next test class must not inherit this class's per-route limits.
            for (String key : List.of("zuul.routes.small.max-body-size", "zuul.routes.slow.max-concurrent-requests")) {
                ConfigurationManager.getConfigInstance().clearProperty(key);
            }
        }
    }

    @Test
    @Order(1)
    void dotSegmentsBackslashesAndControlCharactersInThePathAre400() throws Exception {
        List<String> paths = List.of(
                "/edge/../admin/traffic",
                "/edge/%2e%2e/admin/traffic",
                "/edge/%2E%2e/admin/traffic",
                "/edge/..%2fadmin/traffic",
                "/edge/..%2Fadmin",
                "/edge/..%5cadmin",
                "/edge/.%2e/admin",
                "/edge/%2e./admin",
                "/edge/./x",
                "/edge/..",
                "/edge/%252e%252e/admin",
                "/edge/%c0%ae%c0%ae/admin",
                "/edge/a\\b",
                "/edge/a%5cb",
                "/edge/a%00b",
                "/edge/a%0d%0aX-Injected:%201",
                "/edge/a%7fb",
                "/edge/a%zzb");
        int before = edge.requests();

        for (String path : paths) {
            Response response =
                    RawHttp.exchange(gateway.port(), "GET " + path + " HTTP/1.1\r\nHost: gw\r\n\r\n", true);

            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(path).isEqualTo("application/json");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("status").asInt()).as(path).isEqualTo(400);
            assertThat(body.path("error").asText()).as(path).isNotBlank();
            assertThat(body.has("path")).as(path).isTrue();
            assertThat(response.closed()).as("%s: connection closed after the answer", path).isTrue();
        }
        assertThat(edge.requests()).as("requests the backend received").isEqualTo(before);
    }

    @Test
    @Order(2)
    void rawNulAndControlBytesInTheRequestLineAreRefused() throws Exception {
        int before = edge.requests();

        for (String path : List.of("/edge/a\0b", "/edge/a\u0001b", "/edge/a\u007fb", "/edge/a\tb")) {
            Response response = get(path);

            // Netty's decoder may refuse the line itself (then MalformedRequestRejection answers), else the filter.
            assertThat(response.status()).as(escape(path)).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(400);
            System.out.println("Raw '" + escape(path) + "': " + describe(response));
        }
        assertThat(edge.requests()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void harmlessLookalikesStillReachTheBackend() throws Exception {
        for (String path :
                List.of("/edge/a.b/..c/d..", "/edge/100%25", "/edge/with%20space", "/edge/a%2fb", "/edge/.well")) {
            Response response = get(path);

            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).startsWith("edge-1 /");
        }
    }

    @Test
    @Order(4)
    void ambiguousFramingIsRefusedAndNeverForwarded() throws Exception {
        Map<String, String> requests = Map.of(
                "no Host", "GET /edge/x HTTP/1.1\r\n\r\n",
                "two Hosts", "GET /edge/x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "Host not host[:port]", "GET /edge/x HTTP/1.1\r\nHost: a@b:c\r\n\r\n",
                "CL and TE", "POST /edge/x HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "two CLs", "POST /edge/x HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                "CL list", "POST /edge/x HTTP/1.1\r\nHost: gw\r\nContent-Length: 5, 5\r\n\r\nhello",
                "unknown TE", "POST /edge/x HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: gzip\r\n\r\nhello",
                "obfuscated TE", "POST /edge/x HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: xchunked\r\n\r\n"
                        + "5\r\nhello\r\n0\r\n\r\n",
                "TE twice", "POST /edge/x HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n"
                        + "Transfer-Encoding: identity\r\n\r\n0\r\n\r\n",
                "TE list", "POST /edge/x HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
        int before = edge.requests();

        for (Map.Entry<String, String> request : requests.entrySet()) {
            Response response = RawHttp.exchange(gateway.port(), request.getValue(), true);

            assertThat(response.status()).as(request.getKey()).isIn(400, RawHttp.CLOSED);
            if (response.status() == 400) {
                assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(400);
            }
            if (!request.getKey().equals("two Hosts")) {
                // RequestValidation answers two Hosts with its 400; the framing is sound, so the connection may stay open.
                assertThat(response.closed()).as("%s: connection closed", request.getKey()).isTrue();
            }
            System.out.println("Framing '" + request.getKey() + "': " + describe(response));
        }
        assertThat(edge.requests()).as("requests the backend received").isEqualTo(before);
    }

    @Test
    @Order(5)
    void http10WithoutHostIsServed() throws Exception {
        Response response = RawHttp.exchange(gateway.port(), "GET /edge/old HTTP/1.0\r\n\r\n", false);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("edge-1 /old");
    }

    @Test
    @Order(6)
    void headersOverTheLimitAre431WithABody() throws Exception {
        int before = edge.requests();

        for (int size : List.of(17 * 1024, 70 * 1024)) {
            Response response = RawHttp.exchange(gateway.port(),
                    "GET /edge/big HTTP/1.1\r\nHost: gw\r\nX-Big: " + "a".repeat(size) + "\r\n\r\n", true);

            assertThat(response.status()).as("%d bytes of header", size).isEqualTo(431);
            assertThat(JSON.readTree(response.body()))
                    .isEqualTo(JSON.readTree("{\"status\":431,\"error\":\"request headers larger than 16384 bytes\","
                            + "\"path\":\"/edge/big\"}"));
            assertThat(response.closed()).isTrue();
        }
        assertThat(edge.requests()).isEqualTo(before);

        Response justUnder = RawHttp.exchange(gateway.port(),
                "GET /edge/fits HTTP/1.1\r\nHost: gw\r\nX-Big: " + "a".repeat(15 * 1024) + "\r\n\r\n", false);
        assertThat(justUnder.status()).isEqualTo(200);
    }

    @Test
    @Order(7)
    void requestLineOverTheLimitIs414() throws Exception {
        Response response = RawHttp.exchange(gateway.port(),
                "GET /edge/" + "a".repeat(9 * 1024) + " HTTP/1.1\r\nHost: gw\r\n\r\n", false);

        assertThat(response.status()).isEqualTo(414);
        assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(414);
    }

    @Test
    @Order(8)
    void contentLengthOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
        int before = edge.requests();

        try (Socket socket = RawHttp.connect(gateway.port())) {
            // 64 MB announced, not a byte of it sent: the answer can only come from the headers.
            RawHttp.send(socket, "POST /edge/upload HTTP/1.1\r\nHost: gw\r\nContent-Length: 67108864\r\n\r\n");
            Response response = RawHttp.read(socket, true);

            assertThat(response.status()).isEqualTo(413);
            assertThat(JSON.readTree(response.body()))
                    .isEqualTo(JSON.readTree("{\"status\":413,\"error\":\"request body larger than 10485760 bytes\","
                            + "\"path\":\"/edge/upload\"}"));
            assertThat(response.closed()).isTrue();
        }
        assertThat(edge.requests()).isEqualTo(before);
    }

    @Test
    @Order(9)
    void aRouteCanHaveItsOwnBodyLimit() throws Exception {
        int before = small.requests();

        Response tooLarge = RawHttp.exchange(gateway.port(),
                "POST /small/x HTTP/1.1\r\nHost: gw\r\nContent-Length: 1025\r\n\r\n" + "b".repeat(1025), false);
        Response fits = RawHttp.exchange(gateway.port(),
                "POST /small/x HTTP/1.1\r\nHost: gw\r\nContent-Length: 1024\r\n\r\n" + "b".repeat(1024), false);
        // The same 1025 bytes are fine on a route without its own limit.
        Response elsewhere = RawHttp.exchange(gateway.port(),
                "POST /edge/x HTTP/1.1\r\nHost: gw\r\nContent-Length: 1025\r\n\r\n" + "b".repeat(1025), false);

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).path("error").asText())
                .isEqualTo("request body larger than 1024 bytes");
        assertThat(fits.status()).isEqualTo(200);
        assertThat(fits.body()).isEqualTo("small-1 /x POST 1024 bytes");
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(small.requests()).as("only the request that fits").isEqualTo(before + 1);
    }

    @Test
    @Order(10)
    void expectContinueIsAnsweredOnlyOnceTheRequestIsAccepted() throws Exception {
        int before = edge.requests();
        try (Socket socket = RawHttp.connect(gateway.port())) {
            RawHttp.send(socket, "PUT /edge/big-upload HTTP/1.1\r\nHost: gw\r\nContent-Length: 67108864\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            Response response = RawHttp.read(socket, true);

            assertThat(response.status()).as("the final answer, not 100 Continue").isEqualTo(413);
            assertThat(response.closed()).isTrue();
        }
        assertThat(edge.requests()).isEqualTo(before);

        try (Socket socket = RawHttp.connect(gateway.port())) {
            RawHttp.send(socket, "PUT /edge/small-upload HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            assertThat(RawHttp.read(socket, false).status()).isEqualTo(100);
            RawHttp.send(socket, "hello");
            Response response = RawHttp.read(socket, false);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("edge-1 /small-upload PUT 5 bytes");
        }
    }

    @Test
    @Order(11)
    void aChunkedBodyIsRefusedOnceItPassesTheLimitAndNeverForwarded() throws Exception {
        int before = small.requests();
        String chunk = Integer.toHexString(600) + "\r\n" + "c".repeat(600) + "\r\n";

        try (Socket socket = RawHttp.connect(gateway.port())) {
            RawHttp.send(socket, "POST /small/chunked HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n");
            RawHttp.send(socket, chunk);
            RawHttp.send(socket, chunk);
            // No last chunk: the refusal must not wait for the end of the body.
            Response response = RawHttp.read(socket, true);

            assertThat(response.status()).isEqualTo(413);
            assertThat(JSON.readTree(response.body()).path("error").asText())
                    .isEqualTo("request body larger than 1024 bytes");
            assertThat(response.closed()).isTrue();
        }
        assertThat(small.requests()).isEqualTo(before);

        Response underTheLimit = RawHttp.exchange(gateway.port(),
                "POST /small/chunked HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + "0\r\n\r\n",
                false);
        assertThat(underTheLimit.status()).isEqualTo(200);
        assertThat(underTheLimit.body()).isEqualTo("small-1 /chunked POST 600 bytes");
    }

    @Test
    @Order(12)
    void slowHeadersGetTheConnectionClosed() throws Exception {
        int before = edge.requests();

        try (Socket socket = RawHttp.connect(gateway.port())) {
            long started = System.nanoTime();
            RawHttp.send(socket, "GET /edge/slowloris HTTP/1.1\r\nHost: gw\r\n");
            // A header byte every 200 ms keeps Zuul's idle timeout from firing; only the header timeout can.
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) {
                try {
                    RawHttp.send(socket, "X-" + i + ": a\r\n");
                } catch (java.io.IOException writeFailed) {
                    closed = true;
                    break;
                }
                Thread.sleep(200);
                closed = socket.getInputStream().available() == 0 && peekClosed(socket);
            }
            assertThat(closed).as("closed within the 8 s the client kept sending").isTrue();
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            System.out.println("Slow headers: connection closed " + millis + " ms after the first byte (limit "
                    + HEADER_TIMEOUT_MILLIS + " ms)");
        }
        assertThat(edge.requests()).isEqualTo(before);
    }

    @Test
    @Order(13)
    void aSlowBodyIs408AfterZuulsRequestReadTimeout() throws Exception {
        try (Socket socket = RawHttp.connect(gateway.port())) {
            RawHttp.send(socket, "POST /edge/slow-body HTTP/1.1\r\nHost: gw\r\nContent-Length: 100\r\n\r\n0123456789");
            Response response = RawHttp.read(socket, true);

            // Zuul's own answer: it cancels the request first, so no outbound filter gives it a JSON body.
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.closed()).isTrue();
        }
    }

    @Test
    @Order(14)
    void anIdleKeepAliveConnectionOutlivesTheHeaderTimeout() throws Exception {
        try (Socket socket = RawHttp.connect(gateway.port())) {
            RawHttp.send(socket, "GET /edge/first HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertThat(RawHttp.read(socket, false).status()).isEqualTo(200);

            // Between requests the connection is idle, not slow: Zuul's idle timeout governs it.
            Thread.sleep(HEADER_TIMEOUT_MILLIS * 2L);
            RawHttp.send(socket, "GET /edge/second HTTP/1.1\r\nHost: gw\r\n\r\n");
            Response second = RawHttp.read(socket, false);

            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("edge-1 /second");
        }
    }

    @Test
    @Order(15)
    void beyondTheRouteLimitRequestsAreShedWith503AndRetryAfter() throws Exception {
        int before = slow.requests();
        List<Socket> inFlight = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Socket socket = RawHttp.connect(gateway.port());
                inFlight.add(socket);
                RawHttp.send(socket, "GET /slow/" + i + " HTTP/1.1\r\nHost: gw\r\n\r\n");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.requests() == before + 2);

            long started = System.nanoTime();
            Response shed = get("/slow/third");
            System.out.println("Shed: 503 in " + Duration.ofNanos(System.nanoTime() - started).toNanos() / 1000
                    + " µs on a new connection, while the 2 admitted requests wait 1500 ms for the backend");

            assertThat(shed.status()).isEqualTo(503);
            assertThat(shed.header("Retry-After")).isEqualTo("1");
            assertThat(JSON.readTree(shed.body()))
                    .isEqualTo(JSON.readTree("{\"status\":503,\"error\":\"too many requests in flight for slow,"
                            + " try again shortly\",\"path\":\"/slow/third\"}"));
            assertThat(slow.requests()).as("the shed request reached no backend").isEqualTo(before + 2);
            assertThat(get("/edge/other-route").status()).as("other routes are not limited").isEqualTo(200);

            for (Socket socket : inFlight) {
                assertThat(RawHttp.read(socket, false).status()).isEqualTo(200);
            }
        } finally {
            for (Socket socket : inFlight) {
                socket.close();
            }
        }
        await("admissions given back once the requests are over").atMost(Duration.ofSeconds(5))
                .until(() -> get("/slow/again").status() == 200);
    }

    @Test
    @Order(16)
    void beyondTheGatewayLimitEveryRouteIsShedButHealthAndAdminAreNot() throws Exception {
        config.put("gateway.limits.max-concurrent-requests", "2");
        assertThat(gateway.adminPost("/admin/refresh").statusCode()).isEqualTo(200);
        List<Socket> inFlight = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Socket socket = RawHttp.connect(gateway.port());
                inFlight.add(socket);
                RawHttp.send(socket, "GET /slow/g" + i + " HTTP/1.1\r\nHost: gw\r\n\r\n");
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> gateway.adminJson("/admin/metrics").path("edge").path("inFlight").asInt() == 2);
            int before = edge.requests();

            Response shed = get("/edge/x");

            assertThat(shed.status()).isEqualTo(503);
            assertThat(shed.header("Retry-After")).isEqualTo("1");
            assertThat(JSON.readTree(shed.body()).path("error").asText())
                    .isEqualTo("gateway overloaded, try again shortly");
            assertThat(edge.requests()).isEqualTo(before);
            assertThat(get("/health").status()).isEqualTo(200);
            for (Socket socket : inFlight) {
                assertThat(RawHttp.read(socket, false).status()).isEqualTo(200);
            }
        } finally {
            for (Socket socket : inFlight) {
                socket.close();
            }
            config.remove("gateway.limits.max-concurrent-requests");
            gateway.adminPost("/admin/refresh");
        }
    }

    @Test
    @Order(17)
    void adminWithoutCredentialsIs401() throws Exception {
        for (String path : List.of("/admin/traffic", "/admin/metrics", "/admin/routes")) {
            Response response = get(path);

            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Basic realm=\"edge-gateway\"");
            assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(401);
        }
        Response wrong = RawHttp.exchange(gateway.port(), "POST /admin/refresh HTTP/1.1\r\nHost: gw\r\n"
                        + "Authorization: " + GatewayUnderTest.basic("admin", "guess") + "\r\nContent-Length: 0\r\n\r\n",
                false);
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    @Order(18)
    void adminMetricsCountsWhatTheEdgeRefusedAndKeepsItsFields() throws Exception {
        JsonNode metrics = gateway.adminJson("/admin/metrics");

        assertThat(metrics.has("instance")).isTrue();
        assertThat(metrics.has("windowSeconds")).isTrue();
        assertThat(metrics.has("routes")).isTrue();
        JsonNode refused = metrics.path("edge").path("refused");
        assertThat(refused.path("badRequest").asLong()).isGreaterThanOrEqualTo(20);
        assertThat(refused.path("headersTooLarge").asLong()).isEqualTo(2);
        assertThat(refused.path("uriTooLong").asLong()).isEqualTo(1);
        assertThat(refused.path("bodyTooLarge").asLong()).isEqualTo(4);
        assertThat(refused.path("headerTimeout").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(refused.path("shed").asLong()).isEqualTo(2);
        assertThat(metrics.path("edge").path("shedByRoute").path("slow").asLong()).isEqualTo(1);
        assertThat(metrics.path("edge").path("shedByRoute").path("edge").asLong()).isEqualTo(1);
        assertThat(metrics.path("edge").path("inFlight").asInt()).isZero();
        // Shed and refused requests are not a version's errors.
        assertThat(metrics.path("routes").path("slow-service").path("unknown").path("errors").asLong()).isZero();
    }

    private Response get(String path) throws Exception {
        return RawHttp.exchange(gateway.port(), "GET " + path + " HTTP/1.1\r\nHost: gw\r\n\r\n", false);
    }

    private static boolean peekClosed(Socket socket) throws Exception {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(1);
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException open) {
            return false;
        } catch (java.io.IOException reset) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    private static String describe(Response response) {
        return response.status() == RawHttp.CLOSED
                ? "connection closed, no status"
                : response.status() + " " + response.body();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
