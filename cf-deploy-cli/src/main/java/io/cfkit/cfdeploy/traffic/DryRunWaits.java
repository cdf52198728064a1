package io.cfkit.cfdeploy.traffic;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The waits under --dry-run: nothing changed, so there is nothing to watch and no paused plan for anyone to resume;
 * a dry run of a canary plan returns at once instead of taking the plan's time.
 */
public final class DryRunWaits implements Waits {

    private final PrintWriter out;

    public DryRunWaits(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void pause(Duration duration) {
        out.println("  (dry run: not waiting)");
        out.flush();
    }

    @Override
    public boolean until(BooleanSupplier condition, Duration interval, Duration timeout) {
        out.println("would wait up to " + timeout.toMinutes() + " min for it");
        out.flush();
        return true;
    }
}
