package io.cfkit.cfdeploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollerTest {

    private static final Duration SHORT = Duration.ofMillis(10);

    @Test
    void asksAgainUntilTheConditionHolds() {
        AtomicInteger asked = new AtomicInteger();

        boolean held = Poller.every(SHORT, Duration.ofSeconds(30)).until(() -> asked.incrementAndGet() == 3);

        assertThat(held).isTrue();
        assertThat(asked).hasValue(3);
    }

    @Test
    void answersFalseOnceTheTimeoutHasPassed() {
        AtomicInteger asked = new AtomicInteger();

        boolean held = Poller.every(SHORT, Duration.ofMillis(200)).until(() -> {
            asked.incrementAndGet();
            return false;
        });

        assertThat(held).isFalse();
        assertThat(asked.get()).isGreaterThan(1);
    }

    @Test
    void anErrorFromTheCheckEndsTheWaitAtOnce() {
        AtomicInteger asked = new AtomicInteger();

        assertThatThrownBy(() -> Poller.every(SHORT, Duration.ofSeconds(30)).until(() -> {
            asked.incrementAndGet();
            throw new UserError("app/0 crashed 3 times");
        })).isInstanceOf(UserError.class).hasMessage("app/0 crashed 3 times");
        assertThat(asked).hasValue(1);
    }

    @Test
    void awaitFailsWithTheGivenLine() {
        assertThatThrownBy(() -> Poller.every(SHORT, Duration.ofMillis(50)).await(() -> false,
                () -> "the gateway reaches no instance of x within 0 s"))
                .isInstanceOf(UserError.class).hasMessage("the gateway reaches no instance of x within 0 s");
    }
}
