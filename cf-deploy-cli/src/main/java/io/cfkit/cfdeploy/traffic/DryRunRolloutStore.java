package io.cfkit.cfdeploy.traffic;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * A rollout store under --dry-run: reads the real one; takes no lock (a dry run must not stop a real rollout from
 * starting meanwhile), but is refused as the command would be while another holds it; saves nothing, saying what it
 * would save.
 */
public final class DryRunRolloutStore implements RolloutStore {

    private final RolloutStore store;
    private final PrintWriter out;

    public DryRunRolloutStore(RolloutStore store, PrintWriter out) {
        this.store = store;
        this.out = out;
    }

    @Override
    public Optional<Rollout> find(String service) {
        return store.find(service);
    }

    @Override
    public void save(Rollout rollout) {
        out.println("would save the rollout state of " + rollout.service());
        out.flush();
    }

    /** Refused as the command itself would be, or says whose lock it would break; takes nothing. */
    @Override
    public AutoCloseable lock(String service, String command) {
        store.checkLock(service);
        return () -> { };
    }

    @Override
    public void checkLock(String service) {
        store.checkLock(service);
    }

    @Override
    public void requestResume(String service) {
        out.println("would ask the plan of " + service + " to go on (" + resumeRequestPlace(service) + ")");
        out.flush();
    }

    @Override
    public String resumeRequestPlace(String service) {
        return store.resumeRequestPlace(service);
    }

    @Override
    public boolean takeResumeRequest(String service) {
        // Taking it would use up a real resume request meant for a real paused rollout.
        return false;
    }
}
