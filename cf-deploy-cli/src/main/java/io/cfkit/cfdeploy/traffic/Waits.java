package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.Poller;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** How a rollout lets time pass: real time in the CLI; tests give one that does not sleep. */
public interface Waits {

    /** Lets {@code duration} pass (the watch between two steps of a canary plan). */
    void pause(Duration duration) throws InterruptedException;

    /** Asks {@code condition} every {@code interval} until it holds; false once {@code timeout} has passed. */
    boolean until(BooleanSupplier condition, Duration interval, Duration timeout);

    static Waits realTime() {
        return new Waits() {
            @Override
            public void pause(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }

            @Override
            public boolean until(BooleanSupplier condition, Duration interval, Duration timeout) {
                return Poller.every(interval, timeout).until(condition);
            }
        };
    }
}
