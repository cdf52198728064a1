package io.cfkit.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.gateway.edge.ConcurrencyLimiter.Limit;
import io.cfkit.gateway.edge.ConcurrencyLimiter.Result;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

    private final ConcurrencyLimiter limiter = new ConcurrencyLimiter();

    @Test
    void theRouteLimitRefusesOnlyThatRoute() {
        Result first = limiter.tryAcquire("a", 10, 2);
        Result second = limiter.tryAcquire("a", 10, 2);

        assertThat(limiter.tryAcquire("a", 10, 2).exceeded()).isEqualTo(Limit.ROUTE);
        assertThat(limiter.tryAcquire("b", 10, 2).admission()).isNotNull();
        assertThat(limiter.inFlight()).isEqualTo(3);

        first.admission().release();
        assertThat(limiter.tryAcquire("a", 10, 2).admission()).isNotNull();
        assertThat(second.admission()).isNotNull();
    }

    @Test
    void theGatewayLimitRefusesEveryRoute() {
        limiter.tryAcquire("a", 2, 0);
        limiter.tryAcquire("b", 2, 0);

        Result refused = limiter.tryAcquire("c", 2, 0);

        assertThat(refused.admission()).isNull();
        assertThat(refused.exceeded()).isEqualTo(Limit.GATEWAY);
        assertThat(limiter.inFlight()).isEqualTo(2);
    }

    @Test
    void anAdmissionIsGivenBackOnce() {
        Result admitted = limiter.tryAcquire("a", 1, 1);

        admitted.admission().release();
        admitted.admission().release();

        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.tryAcquire("a", 1, 1).admission()).isNotNull();
        assertThat(limiter.tryAcquire("a", 1, 1).admission()).as("still one place, not two").isNull();
    }
}
