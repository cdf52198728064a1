package io.cfkit.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepeatedLogLimitTest {

    private final LoggerContext context = new LoggerContext();
    private final RepeatedLogLimit limit = new RepeatedLogLimit();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger log = context.getLogger("some.Component");

    @BeforeEach
    void setUp() {
        // A period longer than the test: nothing it logs here is let through twice, and no report comes early.
        limit.setPeriodMillis(60_000);
        limit.setContext(context);
        limit.start();
        logged.setContext(context);
        logged.addFilter(limit);
        logged.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logged);
    }

    @AfterEach
    void tearDown() {
        context.stop();
    }

    @Test
    void repeatedWarningsPassOnceAndTheirCountIsReportedWhenThePeriodEnds() {
        for (int i = 0; i < 100; i++) {
            log.warn("origin {} failed", "svc-" + i);
        }
        assertThat(messages()).containsExactly("origin svc-0 failed");

        limit.stop();

        assertThat(messages()).containsExactly("origin svc-0 failed",
                "99 more like \"origin {} failed\" were not logged since the last one");
        assertThat(logged.list.get(1).getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void anotherFormatLevelOrExceptionIsAnotherKind() {
        log.warn("origin {} failed", "a", new ConnectException("refused"));
        log.warn("origin {} failed", "b", new ConnectException("refused"));
        log.warn("origin {} failed", "c", new IOException("reset"));
        log.error("origin {} failed", "d");
        log.warn("no instance of {}", "e");
        log.warn("no instance of {}", "f");

        assertThat(messages()).containsExactly(
                "origin a failed", "origin c failed", "origin d failed", "no instance of e");
    }

    @Test
    void stoppingTheLoggingReportsWhatWasHeldBack() {
        log.warn("origin {} failed", "a");
        log.warn("origin {} failed", "b");

        context.reset();

        assertThat(messages()).containsExactly(
                "origin a failed", "1 more like \"origin {} failed\" were not logged since the last one");
    }

    @Test
    void infoAndDebugLinesPassUntouched() {
        log.setLevel(Level.DEBUG);
        for (int i = 0; i < 50; i++) {
            log.info("GET /hello {}", i);
            log.debug("read {}", i);
        }
        assertThat(logged.list).hasSize(100);
    }

    private List<String> messages() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
