package io.cfkit.cfdeploy.traffic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Waits that take no time: pauses are recorded (and one can be interrupted), a wait for a condition asks it a few
 * times, running what happens meanwhile (another command) before each.
 */
final class FakeWaits implements Waits {

    private static final int ASKS = 3;

    private final List<Duration> pauses = new ArrayList<>();
    private int interruptedPause = -1;
    private Runnable meanwhile = () -> {
    };

    /** The n-th pause (1 = the first) is interrupted, as Ctrl-C would. */
    void interruptPause(int n) {
        interruptedPause = n;
    }

    /** Runs while a condition is waited for, before each time it is asked. */
    void meanwhile(Runnable action) {
        meanwhile = action;
    }

    List<Duration> pauses() {
        return List.copyOf(pauses);
    }

    @Override
    public void pause(Duration duration) throws InterruptedException {
        pauses.add(duration);
        if (pauses.size() == interruptedPause) {
            throw new InterruptedException("interrupted");
        }
    }

    @Override
    public boolean until(BooleanSupplier condition, Duration interval, Duration timeout) {
        for (int i = 0; i < ASKS; i++) {
            meanwhile.run();
            if (condition.getAsBoolean()) {
                return true;
            }
        }
        return false;
    }
}
