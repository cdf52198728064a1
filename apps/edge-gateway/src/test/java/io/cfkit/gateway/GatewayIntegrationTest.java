package io.cfkit.gateway;

import static io.cfkit.gateway.support.GatewayUnderTest.basic;
import static io.cfkit.gateway.support.GatewayUnderTest.freePort;
import static io.cfkit.gateway.support.GatewayUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfkit.gateway.support.Backend;
import io.cfkit.gateway.support.ConfigServerStub;
import io.cfkit.gateway.support.EurekaStub;
import io.cfkit.gateway.support.GatewayUnderTest;
import io.cfkit.gateway.support.RawHttp;
import io.cfkit.gateway.support.SocketBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway in-process on a free loopback port, against stubs of the config server and Eureka and real little
 * HTTP backends. One gateway for the class: archaius and Eureka's DiscoveryManager are JVM-wide.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class GatewayIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EUREKA_USER = "eureka";
    // Characters that must be escaped in a URL's userinfo: the gateway puts them there for eureka-client.
    private static final String EUREKA_PASSWORD = "p@ss:w/rd%";

    private final GatewayUnderTest gateway = new GatewayUnderTest();
    private ConfigServerStub config;
    private EurekaStub eureka;
    private Backend hello1;
    private Backend hello2;

    @BeforeAll
    void startEverything() throws Exception {
        config = gateway.track(ConfigServerStub.start(
                "edge-gateway", GatewayUnderTest.CONFIG_USERNAME, GatewayUnderTest.CONFIG_PASSWORD));
        eureka = gateway.track(EurekaStub.start(EUREKA_USER, EUREKA_PASSWORD));
        hello1 = gateway.track(Backend.start("hello-1"));
        hello2 = gateway.track(Backend.start("hello-2"));
        Backend slow = gateway.track(Backend.startSlow("slow-1", 3000));
        register("helloworld-service", hello1);
        register("helloworld-service", hello2);
        register("slow-service", slow);
        // Up well before its route exists, as it would be when someone adds a route for a running service.
        register("added-service", gateway.track(Backend.start("added-1")));
        eureka.register("refused-service", "refused-service:" + freePort(), freePort(), Map.of());

        config.put("zuul.routes.helloworld-service.path", "/hello/**")
                .put("helloworld-service.ribbon.ConnectTimeout", "1000")
                .put("helloworld-service.ribbon.ReadTimeout", "5000")
                .put("zuul.routes.slow.path", "/slow/**")
                .put("zuul.routes.slow.service-id", "slow-service")
                .put("slow-service.ribbon.ReadTimeout", "500")
                .put("zuul.routes.refused.path", "/refused/**")
                .put("zuul.routes.refused.service-id", "refused-service")
                .put("zuul.routes.nothing.path", "/nothing/**")
                .put("zuul.routes.nothing.service-id", "empty-service")
                // Keep-alive test connections would otherwise hold the shutdown for the default 5 s.
                .put("server.outofservice.close.timeout", "1")
                .putShared("eureka.client.registry-fetch-interval-seconds", "1")
                .putShared("eureka.instance.lease-renewal-interval-in-seconds", "1")
                .putShared("eureka.instance.lease-expiration-duration-in-seconds", "3");

        gateway.start(config.url(), eureka.url(), EUREKA_USER, EUREKA_PASSWORD);
    }

    @AfterAll
    void stopEverything() {
        gateway.close();
    }

    @Test
    @Order(1)
    void healthIsPublic() throws Exception {
        HttpResponse<String> response = gateway.get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));
        assertThat(response.headers().firstValue("X-Gateway-Instance")).hasValue("edge-gateway:" + gateway.port());
    }

    @Test
    @Order(2)
    void routesToAnInstanceWithThePrefixStripped() throws Exception {
        HttpResponse<String> root = gateway.get("/hello");
        HttpResponse<String> withId = gateway.get("/hello/id?x=1&y=two");

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).matches("hello-[12] /");
        assertThat(withId.statusCode()).isEqualTo(200);
        assertThat(withId.body()).matches("hello-[12] /id\\?x=1&y=two");
        assertThat(withId.headers().firstValue("X-Gateway-Instance")).hasValue("edge-gateway:" + gateway.port());
    }

    @Test
    @Order(3)
    void requestBodiesAreStreamedToTheInstance() throws Exception {
        byte[] body = new byte[256 * 1024];
        Arrays.fill(body, (byte) 'x');

        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/hello/items"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).matches("hello-[12] /items POST 262144 bytes");
    }

    @Test
    @Order(4)
    void twoInstancesTakeTurns() throws Exception {
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = gateway.get("/hello/turns");
            assertThat(response.statusCode()).isEqualTo(200);
            instances.add(response.body().split(" ")[0]);
        }

        assertThat(instances).containsOnly("hello-1", "hello-2");
        for (int i = 1; i < instances.size(); i++) {
            assertThat(instances.get(i)).as("request %d", i).isNotEqualTo(instances.get(i - 1));
        }
    }

    @Test
    @Order(5)
    void unknownRouteIs404Json() throws Exception {
        HttpResponse<String> response = gateway.get("/nowhere/x");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response))
                .isEqualTo(JSON.readTree(
                        "{\"status\":404,\"error\":\"no route for /nowhere/x\",\"path\":\"/nowhere/x\"}"));
    }

    @Test
    @Order(6)
    void noInstanceUpIs503Json() throws Exception {
        HttpResponse<String> response = gateway.get("/nothing");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response))
                .isEqualTo(JSON.readTree(
                        "{\"status\":503,\"error\":\"no instance of empty-service is up\",\"path\":\"/nothing\"}"));
    }

    @Test
    @Order(7)
    void slowInstanceIs504Json() throws Exception {
        HttpResponse<String> response = gateway.get("/slow/report");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(json(response))
                .isEqualTo(JSON.readTree("{\"status\":504,\"error\":\"slow-service did not answer within 500 ms\","
                        + "\"path\":\"/slow/report\"}"));
    }

    @Test
    @Order(8)
    void refusedConnectionIs502Json() throws Exception {
        HttpResponse<String> response = gateway.get("/refused");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response))
                .isEqualTo(JSON.readTree(
                        "{\"status\":502,\"error\":\"cannot connect to refused-service\",\"path\":\"/refused\"}"));
    }

    @Test
    @Order(9)
    void getToADeadInstanceIsRetriedOnALiveOne() throws Exception {
        Backend live = gateway.track(Backend.start("retry-live"));
        eureka.register("retry-service", "retry-service:dead", freePort(), Map.of());
        register("retry-service", live);
        addRoute("retry", "/retry/**", "retry-service");

        for (int i = 0; i < 8; i++) {
            HttpResponse<String> response = gateway.get("/retry/" + i);
            assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("retry-live /" + i);
        }
    }

    @Test
    @Order(10)
    void killingAnInstanceFailsNoGet() throws Exception {
        Backend a = gateway.track(Backend.start("kill-a"));
        Backend b = gateway.track(Backend.start("kill-b"));
        register("kill-service", a);
        register("kill-service", b);
        addRoute("kill", "/kill/**", "kill-service");
        for (int i = 0; i < 4; i++) {
            assertThat(gateway.get("/kill/warm").statusCode()).isEqualTo(200);
        }
        assertThat(a.requests()).isPositive();
        assertThat(b.requests()).isPositive();

        // Killed without leaving Eureka: the gateway still has it in its list and pooled connections to it.
        a.close();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = gateway.get("/kill/after");
            assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("kill-b /after");
        }
    }

    @Test
    @Order(11)
    void resetMidRequestIsRetriedOnAnotherInstance() throws Exception {
        SocketBackend resetting = gateway.track(SocketBackend.resettingOnSecondRequest());
        Backend live = gateway.track(Backend.start("reset-live"));
        eureka.register("reset-service", "reset-service:resetting", resetting.port(), Map.of());
        register("reset-service", live);
        addRoute("reset", "/reset/**", "reset-service");

        for (int i = 0; i < 12; i++) {
            HttpResponse<String> response = gateway.get("/reset/" + i);
            assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(200);
        }
        assertThat(resetting.resets()).as("connections reset by the backend").isPositive();
    }

    @Test
    @Order(11)
    void backendConnectionsAreReusedAndClosedWhenIdleInThePool() throws Exception {
        SocketBackend backend = gateway.track(SocketBackend.keepingAlive());
        eureka.register("pooled-service", "pooled-service:1", backend.port(), Map.of());
        config.put("pooled-service.ribbon.ConnIdleEvictTimeMilliSeconds", "500");
        addRoute("pooled", "/pooled/**", "pooled-service");

        for (int i = 0; i < 10; i++) {
            assertThat(gateway.get("/pooled/" + i).statusCode()).isEqualTo(200);
        }
        // One pool per event loop of the gateway; the test's client may come in on either.
        assertThat(backend.opened()).as("connections for 10 requests").isBetween(1, 2);

        await("the pooled connections closed").atMost(Duration.ofSeconds(5))
                .until(() -> backend.closedByGateway() == backend.opened());
    }

    @Test
    @Order(12)
    void adminNeedsCredentials() throws Exception {
        HttpResponse<String> none = gateway.get("/admin/routes");
        HttpResponse<String> wrong = gateway.get("/admin/routes", Map.of("Authorization", basic("admin", "guess")));
        HttpResponse<String> refresh = gateway.post("/admin/refresh");

        for (HttpResponse<String> response : List.of(none, wrong, refresh)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("Basic realm=\"edge-gateway\""));
            assertThat(json(response).path("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    @Order(13)
    void adminRoutesListsRoutesAndUpInstances() throws Exception {
        HttpResponse<String> response = gateway.adminGet("/admin/routes");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode hello = null;
        for (JsonNode route : json(response).path("routes")) {
            if (route.path("name").asText().equals("helloworld-service")) {
                hello = route;
            }
        }
        assertThat(hello).isNotNull();
        assertThat(hello.path("path").asText()).isEqualTo("/hello/**");
        assertThat(hello.path("serviceId").asText()).isEqualTo("helloworld-service");
        List<String> instances = new ArrayList<>();
        hello.path("instances").forEach(i -> instances.add(i.asText()));
        assertThat(instances).containsExactlyInAnyOrder("127.0.0.1:" + hello1.port(), "127.0.0.1:" + hello2.port());
    }

    @Test
    @Order(14)
    void routeAddedToTheConfigIsServedAfterAdminRefresh() throws Exception {
        assertThat(gateway.get("/added/x").statusCode()).isEqualTo(404);

        config.put("zuul.routes.added.path", "/added/**").put("zuul.routes.added.service-id", "added-service");
        HttpResponse<String> refresh = gateway.adminPost("/admin/refresh");

        assertThat(refresh.statusCode()).isEqualTo(200);
        // The scheduled refresh (every second here) may have been first; either way the route is in force now.
        HttpResponse<String> routed = gateway.get("/added/x?q=1");
        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(routed.body()).isEqualTo("added-1 /x?q=1");
    }

    @Test
    @Order(15)
    void adminRefreshListsChangedKeysWithSecretsMasked() throws Exception {
        JsonNode body = null;
        // The scheduled refresh may pick a change up first (then ours finds nothing new): change it again.
        for (int attempt = 0; attempt < 3 && (body == null || !body.path("keys").toString().contains("message"));
                attempt++) {
            config.put("some.db.password", "hunter" + attempt).put("message", "hello " + attempt);
            HttpResponse<String> refresh = gateway.adminPost("/admin/refresh");
            assertThat(refresh.statusCode()).isEqualTo(200);
            body = json(refresh);
        }

        assertThat(body.toString()).doesNotContain("hunter");
        JsonNode values = body.path("added").has("message") ? body.path("added") : body.path("changed");
        assertThat(values.path("some.db.password").asText()).isEqualTo("******");
        assertThat(values.path("message").asText()).startsWith("hello ");
        assertThat(body.path("keys")).isNotEmpty();
    }

    @Test
    @Order(16)
    void routeAddedToTheConfigIsServedWithinOneScheduledRefresh() throws Exception {
        Backend polled = gateway.track(Backend.start("polled-1"));
        register("polled-service", polled);
        config.put("zuul.routes.polled.path", "/polled/**").put("zuul.routes.polled.service-id", "polled-service");

        // Served without POST /admin/refresh.
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.get("/polled/p").statusCode() == 200);
    }

    @Test
    @Order(17)
    void removedRouteAnswers404() throws Exception {
        config.remove("zuul.routes.polled.path").remove("zuul.routes.polled.service-id");
        gateway.adminPost("/admin/refresh");

        HttpResponse<String> response = gateway.get("/polled/p");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").asText()).isEqualTo("no route for /polled/p");
    }

    @Test
    @Order(18)
    void newInstanceGetsTrafficWithinSeconds() throws Exception {
        Backend third = gateway.track(Backend.start("hello-3"));
        long registered = System.nanoTime();
        register("helloworld-service", third);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            gateway.get("/hello/new");
            return third.requests() > 0;
        });
        long millis = Duration.ofNanos(System.nanoTime() - registered).toMillis();

        // How fast is for the benchmarks to judge; printed here to see it move.
        System.out.println("New instance routed " + millis + " ms after it was UP in Eureka");
    }

    @Test
    @Order(18)
    void anInstanceListedInAdminRoutesTakesItsTurnAtOnce() throws Exception {
        Backend first = gateway.track(Backend.start("listed-1"));
        register("listed-service", first);
        addRoute("listed", "/listed/**", "listed-service");
        assertThat(gateway.get("/listed/x").body()).startsWith("listed-1 ");
        Backend second = gateway.track(Backend.start("listed-2"));

        register("listed-service", second);
        // as a platform waits before it says the gateway routes to a new instance (cf-deploy's GatewayReach)
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> routeInstances("listed").contains("127.0.0.1:" + second.port()));
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            answeredBy.add(gateway.get("/listed/turn").body().split(" ")[0]);
        }

        // round-robin over the two: the next two requests reach both, whatever the first was
        assertThat(answeredBy).as("the two requests right after /admin/routes listed listed-2")
                .containsExactlyInAnyOrder("listed-1", "listed-2");
    }

    @Test
    @Order(18)
    void aNewInstanceReachesTheLoadBalancerWithTheRegistryFetchThatBringsIt() throws Exception {
        // ribbon's own poll of the Eureka client's copy once in ten minutes: only the fetch can bring the instance
        config.put("fetched-service.ribbon.ServerListRefreshInterval", "600000");
        Backend first = gateway.track(Backend.start("fetched-1"));
        register("fetched-service", first);
        addRoute("fetched", "/fetched/**", "fetched-service");
        assertThat(gateway.get("/fetched/x").body()).startsWith("fetched-1 ");
        int fetches = eureka.readsServed();
        // past a poller's first run, a second after the first request made the load balancer
        await().atMost(Duration.ofSeconds(10)).until(() -> eureka.readsServed() >= fetches + 3);
        Backend second = gateway.track(Backend.start("fetched-2"));

        register("fetched-service", second);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> routeInstances("fetched").contains("127.0.0.1:" + second.port()));
    }

    @Test
    @Order(18)
    void anUploadWithAContentLengthReachesTheBackendWhileTheClientIsStillSending() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            eureka.register("upload-service", "upload-service:1", backend.getLocalPort(), Map.of());
            addRoute("upload", "/upload/**", "upload-service");
            CompletableFuture<String> headSeen = new CompletableFuture<>();
            Thread serving = new Thread(() -> {
                try (Socket connection = backend.accept()) {
                    InputStream in = connection.getInputStream();
                    headSeen.complete(RawHttp.readHead(in));
                    byte[] body = in.readNBytes(10);
                    connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"
                            + new String(body, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    headSeen.completeExceptionally(e);
                }
            }, "upload-backend");
            serving.setDaemon(true);
            serving.start();

            try (Socket client = RawHttp.connect(gateway.port())) {
                RawHttp.send(client, "POST /upload/file HTTP/1.1\r\nHost: gw\r\nContent-Length: 10\r\n\r\n12345");
                // Held whole by the gateway, the request would reach the backend only after the other five bytes.
                assertThat(headSeen.get(5, TimeUnit.SECONDS)).startsWith("POST /file HTTP/1.1");
                RawHttp.send(client, "67890");
                RawHttp.Response response = RawHttp.read(client, false);

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("1234567890");
            }
        }
    }

    @Test
    @Order(18)
    void pipelinedRequestsAreAnsweredInTheirOrder() throws Exception {
        Backend backend = gateway.track(Backend.start("pipelined-1"));
        register("pipelined-service", backend);
        addRoute("pipelined", "/pipelined/**", "pipelined-service");

        try (Socket client = RawHttp.connect(gateway.port())) {
            RawHttp.send(client, "GET /pipelined/a HTTP/1.1\r\nHost: gw\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: gw\r\n\r\n"
                    + "GET /pipelined/b HTTP/1.1\r\nHost: gw\r\n\r\n");

            assertThat(RawHttp.read(client, false).body()).isEqualTo("pipelined-1 /a");
            assertThat(RawHttp.read(client, false).status()).isEqualTo(200);
            assertThat(RawHttp.read(client, false).body()).isEqualTo("pipelined-1 /b");
        }
    }

    @Test
    @Order(19)
    void gatewayRegistersItselfInEurekaAndHeartbeats() throws Exception {
        String id = "edge-gateway:" + gateway.port();

        await().atMost(Duration.ofSeconds(5)).until(() -> eureka.instance("EDGE-GATEWAY", id)
                .map(i -> i.path("status").asText().equals("UP"))
                .orElse(false));
        JsonNode self = eureka.instance("EDGE-GATEWAY", id).orElseThrow();
        assertThat(self.path("ipAddr").asText()).isEqualTo("127.0.0.1");
        assertThat(self.path("port").path("$").asInt()).isEqualTo(gateway.port());
        assertThat(self.path("vipAddress").asText()).isEqualTo("edge-gateway");
        await("a heartbeat").atMost(Duration.ofSeconds(5)).until(() -> eureka.requests().stream()
                .anyMatch(r -> r.startsWith("PUT /eureka/apps/EDGE-GATEWAY/")));
    }

    @Test
    @Order(20)
    void closingMarksDownThenDeregistersFromEureka() throws Exception {
        String id = "edge-gateway:" + gateway.port();
        int before = eureka.requests().size();
        long start = System.nanoTime();

        gateway.stopGateway();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(eureka.instance("EDGE-GATEWAY", id)).isEmpty();
        List<String> during = eureka.requests().subList(before, eureka.requests().size());
        assertThat(during).containsSubsequence(
                "registered " + id + " DOWN", "DELETE /eureka/apps/EDGE-GATEWAY/" + id);
    }

    private void addRoute(String name, String path, String serviceId) throws Exception {
        config.put("zuul.routes." + name + ".path", path).put("zuul.routes." + name + ".service-id", serviceId);
        HttpResponse<String> refresh = gateway.adminPost("/admin/refresh");
        assertThat(refresh.statusCode()).isEqualTo(200);
        // The gateway's Eureka client fetches every second; wait until it has the instances.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            JsonNode routes = json(gateway.adminGet("/admin/routes"));
            for (JsonNode route : routes.path("routes")) {
                if (route.path("name").asText().equals(name)) {
                    return !route.path("instances").isEmpty();
                }
            }
            return false;
        });
    }

    private List<String> routeInstances(String name) throws Exception {
        for (JsonNode route : json(gateway.adminGet("/admin/routes")).path("routes")) {
            if (route.path("name").asText().equals(name)) {
                List<String> instances = new ArrayList<>();
                route.path("instances").forEach(i -> instances.add(i.asText()));
                return instances;
            }
        }
        return List.of();
    }

    private void register(String service, Backend backend) {
        eureka.register(service, service + ":" + backend.name(), backend.port(), Map.of("version", "1"));
    }
}
