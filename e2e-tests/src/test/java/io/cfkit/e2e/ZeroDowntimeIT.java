package io.cfkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The short form of bench/zero-downtime: a steady stream of GETs through the gateway's route while, one after
 * another, the kit goes through a canary, a promote, a rollback, scaling, kill -9 of a backend, the config
 * server, Eureka and one of two gateways, and a switch of the gateway's route to a new gateway app and back. Every event must lose no request. Each prints sent, failed and the
 * longest time without an answer, the figures bench/zero-downtime prints over longer runs. Only the order of the
 * events is shared with the benchmark: their timing here is bounded by answers counted, not by seconds.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedKit.class)
class ZeroDowntimeIT {

    private static final String HELLO = "helloworld-service";
    private static final String GATEWAY = "edge-gateway";
    private static final String SWITCHED_GATEWAY = GATEWAY + "-e2e";
    /** Answers before and after each event: the event must not disturb requests that follow it either. */
    private static final int SETTLE_ANSWERS = 50;
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(90);
    private static Kit kit;

    @FunctionalInterface
    interface Event {
        void run() throws Exception;
    }

    @BeforeAll
    static void twoGatewaysAndOneBackend() {
        kit = SharedKit.kit;
        assertThat(kit.cli("scale", GATEWAY, "-i", "2").exit()).isZero();
        assertThat(kit.cli("scale", HELLO, "-i", "1").exit()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> kit.registered("EDGE-GATEWAY") == 2);
    }

    @Test
    @Order(1)
    void deployTealBesideBlue() throws Exception {
        underTraffic("deploy teal", () -> succeeds("deploy", HELLO, "--version", "teal"));
    }

    @Test
    @Order(2)
    void canaryTenPercent() throws Exception {
        underTraffic("canary 10 %", () -> succeeds("canary", HELLO, "--weight", "10"));
    }

    @Test
    @Order(3)
    void promote() throws Exception {
        underTraffic("promote", () -> succeeds("promote", HELLO));
    }

    @Test
    @Order(4)
    void rollback() throws Exception {
        underTraffic("rollback", () -> succeeds("rollback", HELLO, "--reason", "zero-downtime run"));
    }

    @Test
    @Order(5)
    void scaleOneToThreeToOne() throws Exception {
        underTraffic("scale 1 -> 3 -> 1", () -> {
            succeeds("scale", HELLO, "-i", "3");
            await().atMost(Duration.ofSeconds(30)).until(() -> kit.registered("HELLOWORLD-SERVICE") == 3);
            succeeds("scale", HELLO, "-i", "1");
        });
    }

    @Test
    @Order(6)
    void killOneOfTwoBackends() throws Exception {
        succeeds("scale", HELLO, "-i", "2");
        await().atMost(Duration.ofSeconds(30)).until(() -> kit.registered("HELLOWORLD-SERVICE") == 2);
        underTraffic("kill -9 of a backend", () -> killAndAwaitRestart(HELLO, 1));
        succeeds("scale", HELLO, "-i", "1");
    }

    @Test
    @Order(7)
    void killTheConfigServer() throws Exception {
        underTraffic("kill -9 of the config server", () -> killAndAwaitRestart("config-server", 0));
    }

    @Test
    @Order(8)
    void killEureka() throws Exception {
        underTraffic("kill -9 of Eureka", () -> {
            killAndAwaitRestart("discovery-service", 0);
            // the restarted Eureka starts empty: the traffic goes on while every app registers again
            await().atMost(Duration.ofSeconds(30)).until(() -> kit.registered("EDGE-GATEWAY") == 2
                    && kit.registered("HELLOWORLD-SERVICE") == 1);
        });
    }

    @Test
    @Order(9)
    void killOneOfTwoGateways() throws Exception {
        underTraffic("kill -9 of one of two gateways", () -> killAndAwaitRestart(GATEWAY, 1));
    }

    @Test
    @Order(10)
    void switchTheGatewayByItsRoute() throws Exception {
        String route = "127.0.0.1:" + kit.gatewayPort;
        underTraffic("switch of the gateway", () -> succeeds("switch", GATEWAY, "--version", "e2e", "--path",
                kit.home.resolve("apps/edge-gateway/target/edge-gateway.jar").toString()));

        assertThat(kit.app(SWITCHED_GATEWAY).path("routes")).extracting(JsonNode::asText).containsExactly(route);
        assertThat(kit.app(GATEWAY).path("routes")).isEmpty();
        assertThat(kit.pids(GATEWAY)).isEmpty();
        assertThat(kit.pids(SWITCHED_GATEWAY)).hasSize(2);
        // the switched gateway registers as the gateway, so the traffic commands still find it
        await().atMost(Duration.ofSeconds(30)).until(() -> kit.registered("EDGE-GATEWAY") == 2);
        Kit.Result status = kit.cli("status", HELLO);
        assertThat(status.exit()).as(status.output()).isZero();
        for (JsonNode instance : kit.app(SWITCHED_GATEWAY).path("instances")) {
            assertThat(status.output()).contains("edge-gateway:" + instance.path("port").asInt());
        }
    }

    @Test
    @Order(11)
    void rollBackTheGatewaySwitch() throws Exception {
        String route = "127.0.0.1:" + kit.gatewayPort;
        underTraffic("rollback of the gateway switch", () -> succeeds("rollback", GATEWAY));

        assertThat(kit.app(GATEWAY).path("routes")).extracting(JsonNode::asText).containsExactly(route);
        assertThat(kit.app(SWITCHED_GATEWAY).path("routes")).isEmpty();
        assertThat(kit.pids(SWITCHED_GATEWAY)).isEmpty();
        assertThat(kit.pids(GATEWAY)).hasSize(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> kit.registered("EDGE-GATEWAY") == 2);
    }

    private static void underTraffic(String event, Event action) throws Exception {
        SteadyTraffic traffic = new SteadyTraffic(kit.gateway("/hello/id"), 2);
        try {
            traffic.awaitAnswers(SETTLE_ANSWERS);
            action.run();
            traffic.awaitAnswers(SETTLE_ANSWERS);
        } finally {
            traffic.close();
        }
        System.out.printf("zero-downtime: %-32s sent %5d, failed %3d, longest gap %5d ms%n", event,
                traffic.ok() + traffic.failures().size(), traffic.failures().size(), traffic.longestGapMillis());
        assertThat(traffic.failures()).as(event).isEmpty();
        assertThat(traffic.ok()).as(event).isPositive();
    }

    private static void succeeds(String... args) {
        Kit.Result result = kit.cli(args);
        assertThat(result.exit()).as(String.join(" ", args) + ":\n" + result.output()).isZero();
    }

    /** kill -9 of one instance; returns once the platform has restarted it and it is RUNNING again. */
    private static void killAndAwaitRestart(String app, int index) {
        Map<Integer, Long> before = kit.pids(app);
        long victim = before.get(index);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        await().atMost(RESTART_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            Long now = kit.pids(app).get(index);
            return now != null && now != victim;
        });
    }
}
