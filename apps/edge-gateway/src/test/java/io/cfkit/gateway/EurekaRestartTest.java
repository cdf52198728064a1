package io.cfkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cfkit.gateway.support.Backend;
import io.cfkit.gateway.support.ConfigServerStub;
import io.cfkit.gateway.support.EurekaStub;
import io.cfkit.gateway.support.GatewayUnderTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, "Eureka restart loses requests": under steady GETs, Eureka is killed and started again with an empty
 * registry. The kit's discovery-service then refuses registry reads until the instances have registered again
 * ({@code wait-time-in-ms-when-sync-empty}, see its application.yml); the gateway's Eureka client keeps its cached
 * registry meanwhile, so no request fails. The second test shows why the refusal is needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class EurekaRestartTest {

    private static final String SERVICE = "restart-service";

    private final GatewayUnderTest gateway = new GatewayUnderTest();
    private ConfigServerStub config;
    private EurekaStub eureka;
    private List<Backend> backends;

    @BeforeAll
    void startEverything() throws Exception {
        config = gateway.track(ConfigServerStub.start(
                "edge-gateway", GatewayUnderTest.CONFIG_USERNAME, GatewayUnderTest.CONFIG_PASSWORD));
        eureka = gateway.track(EurekaStub.start("eureka", "eureka-pw"));
        backends = List.of(gateway.track(Backend.start("rs-1")), gateway.track(Backend.start("rs-2")));
        registerBackends();
        config.put("zuul.routes.restart.path", "/restart/**")
                .put("zuul.routes.restart.service-id", SERVICE)
                .put("server.outofservice.close.timeout", "1")
                .putShared("eureka.client.registry-fetch-interval-seconds", "1")
                .putShared("eureka.instance.lease-renewal-interval-in-seconds", "1");
        gateway.start(config.url(), eureka.url(), "eureka", "eureka-pw");
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.get("/restart/x").statusCode() == 200);
    }

    @AfterAll
    void stopEverything() {
        gateway.close();
    }

    @Test
    @Order(1)
    void noRequestFailsWhileARestartedEurekaRefusesReadsUntilTheInstancesAreBack() throws Exception {
        try (Load load = new Load()) {
            load.awaitRequests(50);

            eureka.restartEmpty(Duration.ofMillis(500), Duration.ofSeconds(4));
            // The backends' next heartbeats find themselves unknown and register again.
            Thread.sleep(1000);
            registerBackends();
            // The gateway fetched the new registry a few times and its ribbon lists were refreshed from it.
            await().atMost(Duration.ofSeconds(15)).until(() -> eureka.readsServed() >= 3);
            load.awaitRequests(load.sent() + 50);

            assertThat(eureka.readsRefused()).as("registry reads during the refusal").isPositive();
            assertThat(load.failures()).as("failed requests of %d", load.sent()).isEmpty();
        }
        assertThat(eureka.instance("EDGE-GATEWAY", "edge-gateway:" + gateway.port()))
                .as("the gateway registered itself again on its first heartbeat after the restart")
                .isPresent();
    }

    @Test
    @Order(2)
    void withoutTheRefusalTheGatewayTakesTheEmptyRegistryAsTheTruth() throws Exception {
        try (Load load = new Load()) {
            load.awaitRequests(50);

            eureka.restartEmpty(Duration.ofMillis(500), Duration.ZERO);
            // Spring's standalone default: the empty registry is served at once, for the seconds until the
            // backends' heartbeats register them again.
            await().atMost(Duration.ofSeconds(10)).until(() -> !load.failures().isEmpty());
            registerBackends();
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.get("/restart/x").statusCode() == 200);

            assertThat(load.failures()).allMatch(f -> f.startsWith("503 ") && f.contains("no instance of " + SERVICE));
        }
    }

    private void registerBackends() {
        for (Backend backend : backends) {
            eureka.register(SERVICE, SERVICE + ":" + backend.name(), backend.port(), Map.of());
        }
    }

    /** Sequential GETs through the gateway on one thread until closed; remembers every answer other than 200. */
    private final class Load implements AutoCloseable {

        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private final Queue<String> failures = new ConcurrentLinkedQueue<>();
        private final Future<?> done;

        Load() {
            done = thread.submit(() -> {
                while (running.get()) {
                    String failure;
                    try {
                        HttpResponse<String> response = gateway.get("/restart/x");
                        failure = response.statusCode() == 200 ? null : response.statusCode() + " " + response.body();
                    } catch (Exception e) {
                        failure = e.toString();
                    }
                    if (failure != null) {
                        failures.add(failure);
                    }
                    sent.incrementAndGet();
                }
            });
        }

        int sent() {
            return sent.get();
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        void awaitRequests(int count) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= count);
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            thread.shutdown();
            try {
                done.get(15, TimeUnit.SECONDS);
            } finally {
                thread.shutdownNow();
            }
            System.out.println("Eureka restart: " + sent() + " requests, " + failures.size() + " failed");
        }
    }
}
