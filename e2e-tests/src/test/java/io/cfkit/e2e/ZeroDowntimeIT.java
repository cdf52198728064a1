package io.cfkit.e2e;

import static io.cfkit.e2e.SteadyTraffic.zeroDowntime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The short form of bench/zero-downtime: a steady stream of GETs through the gateway's route while the kit goes
 * through the benchmark's events, each of which must lose no request ({@link SteadyTraffic#zeroDowntime}). Each
 * event runs once in the suite, in the class whose kit is already in the state it needs, rather than starting the
 * same JVMs twice:
 * <ul>
 * <li>{@link CanaryIT}: deploy of a green, canary 10 %, kill -9 of one of two gateways, promote, rollback;</li>
 * <li>{@link KitIT}: kill -9 of a backend (1 of 2), scale 2 → 1 and 1 → 3 → 1;</li>
 * <li>{@link PipelineRunIT}: the pipeline's deploy, canary steps, promote and switch of the gateway's route, the
 * rollback job, and the rollback of the gateway's switch;</li>
 * <li>here: kill -9 of the config server and of Eureka, which no other class does.</li>
 * </ul>
 * Each prints sent, failed and the longest time without an answer, the figures bench/zero-downtime prints over
 * longer runs. Only the events are shared with the benchmark: their timing here is bounded by answers counted, not
 * by seconds.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedKit.class)
class ZeroDowntimeIT {

    private static final String HELLO = "helloworld-service";
    private static final String GATEWAY = "edge-gateway";
    private static Kit kit;

    @BeforeAll
    static void twoGatewaysAndOneBackend() {
        kit = SharedKit.kit;
        assertThat(kit.cli("scale", GATEWAY, "-i", "2").exit()).isZero();
        assertThat(kit.cli("scale", HELLO, "-i", "1").exit()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> kit.registered("EDGE-GATEWAY") == 2);
    }

    @Test
    @Order(1)
    void killTheConfigServer() throws Exception {
        zeroDowntime(kit, "kill -9 of the config server", () -> kit.killAndAwaitRestart("config-server", 0));
    }

    @Test
    @Order(2)
    void killEureka() throws Exception {
        zeroDowntime(kit, "kill -9 of Eureka", () -> {
            kit.killAndAwaitRestart("discovery-service", 0);
            // the restarted Eureka starts empty: the traffic goes on while every app registers again
            await().atMost(Duration.ofSeconds(30)).until(() -> kit.registered("EDGE-GATEWAY") == 2
                    && kit.registered("HELLOWORLD-SERVICE") == 1);
        });
    }
}
