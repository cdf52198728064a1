package io.cfkit.cfdeploy;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one way cf-deploy waits for something: ask again every interval until the answer is yes or the time is
 * up. An exception from the question ends the wait at once, so a check can give up early with a clear error.
 */
public final class Poller {

    private final Duration interval;
    private final Duration timeout;

    private Poller(Duration interval, Duration timeout) {
        this.interval = interval;
        this.timeout = timeout;
    }

    public static Poller every(Duration interval, Duration timeout) {
        return new Poller(interval, timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    /** True as soon as the condition holds; false once the timeout has passed without it holding. */
    public boolean until(BooleanSupplier condition) {
        RetryPolicy<Boolean> askAgain = RetryPolicy.<Boolean>builder()
                .handleResult(false)
                .abortOn(Throwable.class)
                .withDelay(interval)
                .withMaxRetries(-1)
                .withMaxDuration(timeout)
                .build();
        try {
            return Failsafe.with(askAgain).get(condition::getAsBoolean);
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted");
            }
            throw e;
        }
    }

    /** Waits for the condition; after the timeout throws a {@link UserError} with the message {@code failure}. */
    public void await(BooleanSupplier condition, java.util.function.Supplier<String> failure) {
        if (!until(condition)) {
            throw new UserError(failure.get());
        }
    }
}
