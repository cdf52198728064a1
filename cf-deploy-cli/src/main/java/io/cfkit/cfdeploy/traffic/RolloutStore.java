package io.cfkit.cfdeploy.traffic;

import java.util.Optional;

/**
 * Where each service's rollout stands, and the lock that allows one rollout command per service at a time: a second
 * is refused, naming the one in progress and since when.
 */
public interface RolloutStore {

    Optional<Rollout> find(String service);

    void save(Rollout rollout);

    /** Held for the whole of a rollout command; closing releases it. */
    AutoCloseable lock(String service, String command);

    /**
     * What {@link #lock} would find now, taking nothing (for --dry-run): refuses as it would when another command holds
     * the lock, or says whose lock it would break when told to break it.
     */
    void checkLock(String service);

    /** Asks the paused step plan of the service to go on. */
    void requestResume(String service);

    /** Where {@link #requestResume} leaves its request, for a message: a ref of the config repository, a file. */
    String resumeRequestPlace(String service);

    /** True once, after a {@link #requestResume}: the paused plan goes on. */
    boolean takeResumeRequest(String service);
}
