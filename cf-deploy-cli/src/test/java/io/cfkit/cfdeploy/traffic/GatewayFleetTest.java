package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.traffic.AdminJson;
import io.cfkit.traffic.MetricsReport;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.TrafficReport;
import io.cfkit.traffic.VersionStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a stub of one gateway instance on a real socket whose admin answers are the contract's records as the
 * gateway writes them, and a real config repository: the real gateway is covered by its PolicyRoundTripTest and the
 * end-to-end suite.
 */
class GatewayFleetTest {

    private static final String SERVICE = "hello";

    @TempDir
    Path repo;

    private HttpServer stub;
    private int port;
    private PolicyRepository policies;
    /** The commit the stub gateway says it applies. */
    private volatile String reported = "";
    private final AtomicInteger refreshes = new AtomicInteger();
    /** The X-Cf-App-Instance header of each admin request, "null" when there was none. */
    private final List<String> instanceHeaders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final StringWriter output = new StringWriter();

    @BeforeEach
    void startStubAndRepository() throws Exception {
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("edge-gateway.yml"), "zuul: {}\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("initial").setAuthor("t", "t@t").setCommitter("t", "t@t").setSign(false).call();
        }
        policies = new PolicyRepository(repo);

        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        port = stub.getAddress().getPort();
        stub.createContext("/admin/refresh", exchange -> {
            refreshes.incrementAndGet();
            instanceHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Cf-App-Instance")));
            answer(exchange, "{}");
        });
        stub.createContext(TrafficReport.PATH, exchange -> answerWithHeader(exchange, () -> AdminJson.write(new TrafficReport(
                "edge-gateway:" + port, reported, new TreeMap<>(Map.of(SERVICE, TrafficReport.RouteReport.of(
                        RoutePolicy.stableOnly(SERVICE, "blue").withCanary("green", 10),
                        Map.of("blue", 2, "green", 1), List.of())))))));
        stub.createContext(MetricsReport.PATH, exchange -> answer(exchange, AdminJson.write(new MetricsReport(
                "edge-gateway:" + port, 30, new TreeMap<>(Map.of(SERVICE, new TreeMap<>(Map.of(
                        "blue", new VersionStats(90, 3, 0, 0, 0, 4, 8, 9, 900, 0),
                        "green", new VersionStats(10, 0.3, 1, 0, 0.1, 5, 9, 20, 100, 1))))), null))));
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    @Test
    void aGatewayReportingOurCommitHasConverged() {
        String ours = policies.commit(SERVICE, RoutePolicy.stableOnly(SERVICE, "blue"), "Pin hello");
        reported = ours;

        fleet().converge(ours, policies::contains, Duration.ofSeconds(10), new PrintWriter(output, true));

        assertThat(refreshes.get()).isEqualTo(1);
        assertThat(output.toString()).contains("edge-gateway/0 applies " + ours.substring(0, 7) + " (");
    }

    @Test
    void aGatewayReportingALaterCommitMadeByHandHasConvergedToo() throws Exception {
        String ours = policies.commit(SERVICE, RoutePolicy.stableOnly(SERVICE, "blue"), "Pin hello");
        String byHand;
        try (Git git = Git.open(repo.toFile())) {
            Files.writeString(repo.resolve("edge-gateway.yml"), "zuul: {}\n# tuned by hand\n");
            git.add().addFilepattern(".").call();
            byHand = git.commit().setMessage("by hand").setAuthor("o", "o@o").setCommitter("o", "o@o")
                    .setSign(false).call().getName();
        }
        reported = byHand;

        fleet().converge(ours, policies::contains, Duration.ofSeconds(10), new PrintWriter(output, true));

        assertThat(output.toString()).contains("applies " + ours.substring(0, 7) + " in " + byHand.substring(0, 7));
    }

    @Test
    void aGatewayStillOnAnEarlierCommitHasNotConverged() {
        String earlier = policies.head();
        String ours = policies.commit(SERVICE, RoutePolicy.stableOnly(SERVICE, "blue"), "Pin hello");
        reported = earlier;

        assertThatThrownBy(() -> fleet().converge(ours, policies::contains, Duration.ofMillis(500),
                new PrintWriter(output, true)))
                .isInstanceOf(UserError.class)
                .hasMessage("gateways did not load configuration " + ours.substring(0, 7)
                        + " within 0 s: [edge-gateway/0 reports " + earlier.substring(0, 7) + "]");
    }

    @Test
    void theAdminAnswersAreReadAsTheContractsRecords() {
        GatewayFleet fleet = fleet();
        GatewayFleet.Gateway gateway = fleet.gateways().get(0);
        reported = "abc";

        TrafficReport traffic = fleet.traffic(gateway);
        Map<String, FleetVersionStats> stats = FleetVersionStats.of(SERVICE, List.of(fleet.metrics(gateway),
                fleet.metrics(gateway)));

        assertThat(traffic.configVersion()).isEqualTo("abc");
        assertThat(traffic.route(SERVICE).policy(SERVICE)).isEqualTo(
                RoutePolicy.stableOnly(SERVICE, "blue").withCanary("green", 10));
        assertThat(traffic.route(SERVICE).up("blue")).isEqualTo(2);
        assertThat(stats.get("green")).isEqualTo(new FleetVersionStats("green", 20, 0.6, 2, 5, 9, 20));
        fleet.awaitVersionReachable(SERVICE, "green", Duration.ofSeconds(5));
        assertThatThrownBy(() -> fleet.awaitVersionReachable(SERVICE, "red", Duration.ofMillis(300)))
                .isInstanceOf(UserError.class).hasMessageContaining("reaches no instance of hello red");
    }

    @Test
    void theGatewaysListedWithHeadersGetThemOnEveryAdminCall() {
        String ours = policies.commit(SERVICE, RoutePolicy.stableOnly(SERVICE, "blue"), "Pin hello");
        reported = ours;
        java.net.URI route = java.net.URI.create("http://127.0.0.1:" + port);
        GatewayFleet fleet = new GatewayFleet(new KitCredentials("http://127.0.0.1:1/eureka/", "eureka", "e", "admin",
                "a"), () -> List.of(new GatewayFleet.Gateway("edge-gateway/0", route, Map.of("X-Cf-App-Instance",
                "guid:0")), new GatewayFleet.Gateway("edge-gateway/1", route, Map.of("X-Cf-App-Instance", "guid:1"))));

        fleet.converge(ours, policies::contains, Duration.ofSeconds(10), new PrintWriter(output, true));

        assertThat(refreshes.get()).isEqualTo(2);
        assertThat(instanceHeaders).contains("guid:0", "guid:1").doesNotContain("null");
        assertThat(output.toString()).contains("edge-gateway/0 applies", "edge-gateway/1 applies");
    }

    /** The platform runs one gateway: the stub. */
    private GatewayFleet fleet() {
        return new GatewayFleet(new KitCredentials("http://127.0.0.1:1/eureka/", "eureka", "e", "admin", "a"),
                () -> List.of(new GatewayFleet.Gateway("edge-gateway/0", java.net.URI.create("http://127.0.0.1:"
                        + port))));
    }

    private void answerWithHeader(HttpExchange exchange, java.util.function.Supplier<String> body) throws IOException {
        instanceHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Cf-App-Instance")));
        answer(exchange, body.get());
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
