package io.cfkit.cfdeploy.traffic;

import io.cfkit.traffic.RoutePolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the gateways' traffic policies are kept: the config repository the config server serves. Every change is
 * a commit whose message says what changed and why; the repository's log is the audit trail.
 */
public interface PolicyStore {

    /** One commit of the policy file. */
    record Change(Instant time, String commit, String message) {
    }

    Optional<RoutePolicy> policy(String service);

    /**
     * Writes the service's policy (or removes it, for null), commits it with {@code message} and makes the commit
     * what the config server serves (pushed, for a remote repository); returns the commit id, or the current head
     * when nothing changed.
     */
    String commit(String service, RoutePolicy policy, String message);

    /** Whether {@code reported} (the commit a gateway applies) is {@code ours} or a later commit built on it. */
    boolean contains(String reported, String ours);

    /** The commits that changed the service's policy, newest first. */
    List<Change> history(String service);
}
