package io.cfkit.cfdeploy.traffic;

import io.cfkit.traffic.PolicyFile;
import io.cfkit.traffic.RoutePolicy;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** A policy store under --dry-run: reads the real one; says what it would commit and commits nothing. */
public final class DryRunPolicyStore implements PolicyStore {

    /** What {@link #commit} returns: no commit was made, so there is none to name. */
    public static final String NO_COMMIT = "(dry run: no commit)";

    private final PolicyStore store;
    private final String branch;
    private final PrintWriter out;

    public DryRunPolicyStore(PolicyStore store, String branch, PrintWriter out) {
        this.store = store;
        this.branch = branch;
        this.out = out;
    }

    @Override
    public Optional<RoutePolicy> policy(String service) {
        return store.policy(service);
    }

    @Override
    public String commit(String service, RoutePolicy policy, String message) {
        out.println("would commit " + PolicyFile.NAME + " on " + branch + ": " + message);
        out.flush();
        return NO_COMMIT;
    }

    @Override
    public boolean contains(String reported, String ours) {
        return store.contains(reported, ours);
    }

    @Override
    public List<Change> history(String service) {
        return store.history(service);
    }
}
