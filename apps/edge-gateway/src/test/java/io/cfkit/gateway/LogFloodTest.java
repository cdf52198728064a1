package io.cfkit.gateway;

import static io.cfkit.gateway.support.GatewayUnderTest.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.cfkit.gateway.support.Backend;
import io.cfkit.gateway.support.ConfigServerStub;
import io.cfkit.gateway.support.EurekaStub;
import io.cfkit.gateway.support.GatewayUnderTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Issue 9, "Overload does not flood the logs": thousands of failed and shed requests write a bounded number of log
 * lines. The gateway runs with its production logging configuration (src/main/resources/logback.xml); every line its
 * console appender writes is captured as the appender encodes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class LogFloodTest {

    private static final String REFUSED = "/flood-refused/x";
    private static final String NO_INSTANCE = "/flood-none/x";
    private static final String SHED = "/flood-slow/x";

    private final GatewayUnderTest gateway = new GatewayUnderTest();
    private final Written captured = new Written();
    private ConfigServerStub config;
    private EurekaStub eureka;

    @BeforeAll
    void startEverything() throws Exception {
        configureLogging("/logback.xml");
        config = gateway.track(ConfigServerStub.start(
                "edge-gateway", GatewayUnderTest.CONFIG_USERNAME, GatewayUnderTest.CONFIG_PASSWORD));
        eureka = gateway.track(EurekaStub.start("eureka", "eureka-pw"));
        Backend slow = gateway.track(Backend.startSlow("flood-slow", 100));
        eureka.register("flood-slow", "flood-slow:1", slow.port(), Map.of());
        eureka.register("flood-refused", "flood-refused:1", freePort(), Map.of());
        config.put("zuul.routes.fr.path", "/flood-refused/**").put("zuul.routes.fr.service-id", "flood-refused")
                .put("zuul.routes.fn.path", "/flood-none/**").put("zuul.routes.fn.service-id", "flood-none")
                .put("zuul.routes.fs.path", "/flood-slow/**").put("zuul.routes.fs.service-id", "flood-slow")
                // Sheds what is beyond 2 concurrent requests to the slow backend.
                .put("zuul.origin.flood-slow.concurrency.max.requests", "2")
                .put("server.outofservice.close.timeout", "1")
                .putShared("eureka.client.registry-fetch-interval-seconds", "1")
                .putShared("eureka.instance.lease-renewal-interval-in-seconds", "1");
        gateway.start(config.url(), eureka.url(), "eureka", "eureka-pw");
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.get("/flood-slow/x").statusCode() == 200);
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            gateway.close();
        } finally {
            configureLogging("/logback-test.xml");
        }
    }

    @Test
    @Order(1)
    void requestsServedAsUsualWriteNoWarning() throws Exception {
        captured.list.clear();
        for (int i = 0; i < 20; i++) {
            assertThat(gateway.get("/flood-slow/x").statusCode()).isEqualTo(200);
        }

        // Zuul's message classes warn, with a stack trace, of a response made the way Zuul does not expect.
        assertThat(captured.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(LogFloodTest::kind).isEmpty();
    }

    @Test
    @Order(2)
    void thousandsOfFailedAndShedRequestsWriteAboutALinePerSecondAndKindWithACount() throws Exception {
        captured.list.clear();
        long started = System.nanoTime();
        Map<String, Map<Integer, Integer>> statuses =
                sendConcurrently(List.of(REFUSED, NO_INSTANCE, SHED), 16, 3000);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("3000 requests in %.1f s: %s%n", seconds, statuses);
        assertThat(statuses.get(REFUSED)).isEqualTo(Map.of(502, 1000));
        assertThat(statuses.get(NO_INSTANCE)).isEqualTo(Map.of(503, 1000));
        int shed = statuses.get(SHED).getOrDefault(503, 0);
        assertThat(shed).as("requests shed beyond 2 at a time").isGreaterThan(100);

        // The proxy logs a line for each request it could not serve (without the limit: one each).
        String shedKind = "io.cfkit.gateway.origin.OriginProxy WARN Request to {} failed after {} attempt(s): "
                + "ORIGIN_CONCURRENCY_EXCEEDED";
        await("every shed request counted, logged or held back").atMost(Duration.ofSeconds(5))
                .until(() -> loggedOrHeldBack(shedKind) == shed);

        List<ILoggingEvent> events = List.copyOf(captured.list);
        Map<String, Long> linesByKind = events.stream()
                .filter(e -> !isReport(e))
                .collect(Collectors.groupingBy(LogFloodTest::kind, TreeMap::new, Collectors.counting()));
        linesByKind.forEach((kind, lines) -> System.out.println(lines + "\t" + kind));
        System.out.println(events.size() + " log events in all, " + (events.size() - linesByKind.values().stream()
                .mapToLong(Long::longValue).sum()) + " of them counts of held-back lines");
        // One line a second per kind, and the one that starts the burst.
        long perKind = (long) Math.ceil(seconds) + 1;
        linesByKind.forEach((kind, lines) -> assertThat(lines).as(kind).isLessThanOrEqualTo(perKind));
        assertThat(events.size()).as("log events for 3000 requests, about 5000 without the limit").isLessThan(100);
    }

    /** Lines of the kind that passed, plus the counts reported for it. */
    private long loggedOrHeldBack(String kind) {
        long total = 0;
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            if (isReport(event)) {
                if ((event.getLoggerName() + " " + event.getLevel() + " " + event.getArgumentArray()[1]).equals(kind)) {
                    total += ((Number) event.getArgumentArray()[0]).longValue();
                }
            } else if (kind(event).equals(kind)) {
                total++;
            }
        }
        return total;
    }

    private static String kind(ILoggingEvent event) {
        return event.getLoggerName() + " " + event.getLevel() + " " + event.getMessage();
    }

    private static boolean isReport(ILoggingEvent event) {
        return event.getMarkerList() != null && event.getMarkerList().stream().anyMatch(m -> m.getName().equals("REPEATS"));
    }

    private Map<String, Map<Integer, Integer>> sendConcurrently(List<String> paths, int threads, int requests)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String path = paths.get(i % paths.size());
                answers.add(pool.submit(() -> gateway.get(path).statusCode()));
            }
            Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
            for (int i = 0; i < requests; i++) {
                statuses.computeIfAbsent(paths.get(i % paths.size()), p -> new TreeMap<>())
                        .merge(answers.get(i).get(30, TimeUnit.SECONDS), 1, Integer::sum);
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Replaces the logging configuration, and captures every event that passes the new one. */
    private void configureLogging(String resource) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource(resource));
        if (resource.equals("/logback.xml")) {
            ConsoleAppender<ILoggingEvent> console =
                    (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
            captured.writingFor(console);
        }
    }

    /** The console appender's own encoder, which also keeps each event it encodes: what the console writes. */
    private static final class Written extends EncoderBase<ILoggingEvent> {
        final List<ILoggingEvent> list = new CopyOnWriteArrayList<>();
        private Encoder<ILoggingEvent> encoder;

        void writingFor(ConsoleAppender<ILoggingEvent> console) {
            encoder = console.getEncoder();
            setContext(console.getContext());
            start();
            console.setEncoder(this);
        }

        @Override
        public byte[] headerBytes() {
            return encoder.headerBytes();
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            list.add(event);
            return encoder.encode(event);
        }

        @Override
        public byte[] footerBytes() {
            return encoder.footerBytes();
        }
    }
}
