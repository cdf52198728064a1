package io.cfkit.gateway.support;

import java.time.Duration;

/**
 * Polls a condition until it holds or the time is up: the gateway picks up config and Eureka changes on its own
 * schedule, so a test can only wait for them, not trigger them.
 */
public final class Eventually {

    /** A condition that may need a request to the gateway to be checked. */
    public interface Check {
        boolean holds() throws Exception;
    }

    private Eventually() {}

    /** Whether the check held within the limit; it is checked once more at the end, however long the last took. */
    public static boolean eventually(Duration limit, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(50);
        }
        return check.holds();
    }
}
