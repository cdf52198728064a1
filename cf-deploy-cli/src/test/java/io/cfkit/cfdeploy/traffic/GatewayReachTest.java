package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.traffic.GatewayReach.RunningInstance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a stub of Eureka and of one gateway instance on a real socket, answering as their documented endpoints
 * do (Eureka's {@code GET /eureka/apps}, the gateway's {@code GET /admin/routes} and its route): the real ones
 * need the whole kit, which the end-to-end suite runs.
 */
class GatewayReachTest {

    private static final int HELLO_PORT = 41001;
    private static final RunningInstance HELLO_0 = new RunningInstance("helloworld-service", 0, HELLO_PORT);

    private HttpServer stub;
    private int port;
    /** What the stub's registry has for helloworld-service; empty: not registered. */
    private volatile String helloRegistration = "";
    private volatile String routedInstances = "";
    private volatile int routeStatus = 200;
    private final AtomicInteger routeRequests = new AtomicInteger();
    /** How many requests to the route get the gateway's 503 before ribbon's list has the instance. */
    private final AtomicInteger answeredByTheGatewayFirst = new AtomicInteger();
    private final StringWriter output = new StringWriter();

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        port = stub.getAddress().getPort();
        stub.createContext("/eureka/apps", exchange -> answer(exchange, 200, """
                {"applications":{"application":[
                  {"name":"EDGE-GATEWAY","instance":[{"instanceId":"edge-gateway:%d","app":"EDGE-GATEWAY",
                    "vipAddress":"edge-gateway","ipAddr":"127.0.0.1","port":{"$":%d,"@enabled":"true"},"status":"UP"}]}
                  %s]}}""".formatted(port, port, helloRegistration)));
        stub.createContext("/admin/routes", exchange -> answer(exchange, 200, """
                {"routes":[{"name":"helloworld-service","path":"/hello/**","serviceId":"helloworld-service",
                  "stripPrefix":true,"instances":[%s]}]}""".formatted(routedInstances)));
        stub.createContext("/hello/", exchange -> {
            routeRequests.incrementAndGet();
            answer(exchange, answeredByTheGatewayFirst.getAndDecrement() > 0 ? 503 : routeStatus, "{}");
        });
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    /** The platform runs one gateway: this stub. */
    private GatewayReach reach() {
        return new GatewayReach(new GatewayFleet(new KitCredentials("http://127.0.0.1:" + port + "/eureka/",
                "eureka", "e", "admin", "a"), () -> List.of(new GatewayFleet.Gateway("edge-gateway/0",
                URI.create("http://127.0.0.1:" + port)))));
    }

    private void registerHello(String status) {
        // one instance: Eureka's JSON gives it as an object, not as a list of one
        helloRegistration = """
                ,{"name":"HELLOWORLD-SERVICE","instance":{"instanceId":"helloworld-service:%d",
                  "app":"HELLOWORLD-SERVICE","vipAddress":"helloworld-service","ipAddr":"127.0.0.1",
                  "port":{"$":%d,"@enabled":"true"},"status":"%s"}}""".formatted(HELLO_PORT, HELLO_PORT, status);
    }

    @Test
    void anInstanceTheGatewayListsAndRoutesToIsReached() {
        registerHello("UP");
        routedInstances = "\"127.0.0.1:" + HELLO_PORT + "\"";

        reach().await(List.of(HELLO_0), Duration.ofSeconds(30), new PrintWriter(output, true));

        assertThat(routeRequests.get()).isPositive();
        assertThat(output.toString()).contains("every gateway reaches the instances behind it");
    }

    @Test
    void aRouteAnswering503IsNotReachedAndTheErrorNamesTheApp() {
        registerHello("UP");
        routedInstances = "\"127.0.0.1:" + HELLO_PORT + "\"";
        routeStatus = 503;

        assertThatThrownBy(() -> reach().await(List.of(HELLO_0), Duration.ofSeconds(1), new PrintWriter(output)))
                .isInstanceOf(UserError.class)
                .hasMessage("the gateway does not reach helloworld-service through edge-gateway/0 (GET /hello/):"
                        + " answered 503 after 1 s");
    }

    @Test
    void anInstanceNotYetInTheGatewaysRegistryCopyIsNotReached() {
        registerHello("UP");

        assertThat(reach().unreached(List.of(HELLO_0))).containsExactly(
                "helloworld-service/0 on edge-gateway/0: not in its load balancer yet");
    }

    @Test
    void anInstanceNotUpInEurekaIsNotReached() {
        registerHello("STARTING");

        assertThat(reach().unreached(List.of(HELLO_0)))
                .containsExactly("helloworld-service/0 (127.0.0.1:" + HELLO_PORT + "): not UP in Eureka");
    }

    @Test
    void waitsUntilTheGatewayRoutesToTheNewInstance() {
        registerHello("UP");
        routedInstances = "\"127.0.0.1:" + HELLO_PORT + "\"";
        answeredByTheGatewayFirst.set(3);

        reach().await(List.of(HELLO_0), Duration.ofSeconds(30), new PrintWriter(output, true));

        assertThat(routeRequests).hasValue(4);
    }

    @Test
    void aRoutesRequestPathIsItsPatternWithoutTheWildcards() {
        assertThat(GatewayReach.requestPath("/hello/**")).isEqualTo("/hello/");
        assertThat(GatewayReach.requestPath("/**")).isEqualTo("/");
        assertThat(GatewayReach.requestPath("/exact")).isEqualTo("/exact");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
