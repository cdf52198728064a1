package io.cfkit.cfdeploy.configrepo;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.configrepo.ConfigRepoClone.SharedValue;
import io.cfkit.cfdeploy.state.JsonStore;
import io.cfkit.cfdeploy.traffic.Rollout;
import io.cfkit.cfdeploy.traffic.RolloutStore;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Rollouts kept in the config repository, so every machine that deploys sees them: each service's rollout, its lock
 * and its resume request are refs beside the branch the config server serves ({@code refs/cf-deploy/rollouts/S},
 * {@code refs/cf-deploy/locks/S}, {@code refs/cf-deploy/resume/S}). The lock is taken by pushing a ref that must not
 * exist yet, which the git server does atomically: of two machines, one wins and the other is told who holds it.
 * See docs/decisions/0012-shared-rollout-state.md.
 */
public final class SharedRolloutStore implements RolloutStore {

    /** A paused plan asks for its resume request every so often, not at every poll: each ask is a fetch. */
    static final Duration RESUME_CHECK_INTERVAL = Duration.ofSeconds(2);
    private static final int SAVE_ATTEMPTS = 5;

    private final ConfigRepoClone repo;
    private final boolean forceUnlock;
    private final PrintWriter out;
    private final Clock clock;
    private final String holder;
    private Instant lastResumeCheck;

    /**
     * @param forceUnlock break a lock that is held (by a command that died) before taking it, saying whose it was
     * @param out where a broken lock is told
     */
    public SharedRolloutStore(ConfigRepoClone repo, boolean forceUnlock, PrintWriter out) {
        this(repo, forceUnlock, out, Clock.systemUTC(), thisMachine());
    }

    SharedRolloutStore(ConfigRepoClone repo, boolean forceUnlock, PrintWriter out, Clock clock, String holder) {
        this.repo = repo;
        this.forceUnlock = forceUnlock;
        this.out = out;
        this.clock = clock;
        this.holder = holder;
    }

    /** Who holds a lock: the user and machine, the process, the command, and since when (UTC). */
    record LockHolder(String holder, long pid, String command, String since) {

        String describe() {
            return "cf-deploy " + command + " by " + holder + ", pid " + pid;
        }
    }

    @Override
    public Optional<Rollout> find(String service) {
        String ref = rolloutRef(service);
        return repo.readShared(ref).map(value -> parseRollout(ref, value.text()));
    }

    /** A compare-and-set on the rollout's ref: a save that raced another (a broken lock's holder) is made again. */
    @Override
    public void save(Rollout rollout) {
        String ref = rolloutRef(rollout.service());
        String json = json(rollout);
        for (int attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
            ObjectId current = repo.readShared(ref).map(SharedValue::commit).orElse(ObjectId.zeroId());
            if (repo.writeShared(ref, current, json, "Rollout of " + rollout.service() + " by " + holder).isPresent()) {
                return;
            }
        }
        throw new UserError("could not save the rollout of " + rollout.service() + " in the config repository "
                + repo.displayName() + ": it changed under each of " + SAVE_ATTEMPTS + " saves; is another"
                + " cf-deploy running with --force-unlock?");
    }

    @Override
    public AutoCloseable lock(String service, String command) {
        String ref = lockRef(service);
        if (forceUnlock) {
            repo.readShared(ref).ifPresent(held -> breakLock(service, ref, held));
        }
        LockHolder mine = new LockHolder(holder, ProcessHandle.current().pid(), command,
                clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectId taken = repo.writeShared(ref, ObjectId.zeroId(), json(mine), "Lock " + service + ": "
                + mine.describe()).orElseThrow(() -> new UserError(repo.readShared(ref)
                        .map(held -> inProgress(service, held))
                        .orElseGet(() -> "a rollout of " + service + " took the lock at the same moment: run the"
                                + " command again")));
        // Unlike an OS file lock, a ref outlives its process: released on Ctrl-C or kill too, not only on close.
        Thread releaseOnExit = new Thread(() -> {
            try {
                repo.deleteShared(ref, taken);
            } catch (RuntimeException e) {
                // Left for --force-unlock, which the next command's refusal names.
            }
        }, "release the rollout lock of " + service);
        Runtime.getRuntime().addShutdownHook(releaseOnExit);
        // Only our own lock is released: if it was broken and taken by another, theirs stays.
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(releaseOnExit);
            } catch (IllegalStateException e) {
                return; // the JVM is exiting: the hook releases it
            }
            try {
                repo.deleteShared(ref, taken);
            } catch (UserError e) {
                throw new UserError("the rollout lock of " + service + " is still held: " + e.getMessage()
                        + "; once that is fixed, the next rollout command needs --force-unlock");
            }
        };
    }

    @Override
    public void checkLock(String service) {
        repo.readShared(lockRef(service)).ifPresent(held -> {
            if (!forceUnlock) {
                throw new UserError(inProgress(service, held));
            }
            LockHolder holder = parseHolder(held.text());
            out.println("would break the rollout lock of " + service + " held by " + holder.describe() + " since "
                    + holder.since());
            out.flush();
        });
    }

    @Override
    public void requestResume(String service) {
        repo.writeShared(resumeRef(service), null, "resume", "Resume the plan of " + service + " (" + holder + ")");
    }

    @Override
    public String resumeRequestPlace(String service) {
        return "ref " + ConfigRepoClone.SHARED_REFS + resumeRef(service) + " in " + repo.displayName();
    }

    @Override
    public boolean takeResumeRequest(String service) {
        Instant now = clock.instant();
        if (lastResumeCheck != null && now.isBefore(lastResumeCheck.plus(RESUME_CHECK_INTERVAL))) {
            return false;
        }
        lastResumeCheck = now;
        String ref = resumeRef(service);
        // Taken by deleting exactly the request seen: of two takers, one gets it.
        return repo.readShared(ref).map(request -> repo.deleteShared(ref, request.commit())).orElse(false);
    }

    private void breakLock(String service, String ref, SharedValue held) {
        if (repo.deleteShared(ref, held.commit())) {
            LockHolder broken = parseHolder(held.text());
            out.println("Broke the rollout lock of " + service + " held by " + broken.describe() + " since "
                    + broken.since() + ".");
            out.flush();
        }
    }

    private String inProgress(String service, SharedValue held) {
        LockHolder holder = parseHolder(held.text());
        return "a rollout of " + service + " is in progress (" + holder.describe() + " since " + holder.since()
                + "): wait for it, or break a stale lock with --force-unlock";
    }

    private LockHolder parseHolder(String text) {
        try {
            return JsonStore.MAPPER.readValue(text, LockHolder.class);
        } catch (JsonProcessingException e) {
            return new LockHolder("an unknown holder", 0, "(unreadable lock)", "an unknown time");
        }
    }

    private Rollout parseRollout(String ref, String text) {
        try {
            return JsonStore.MAPPER.readValue(text, Rollout.class);
        } catch (JsonProcessingException e) {
            throw new UserError("the rollout state " + ConfigRepoClone.SHARED_REFS + ref + " in the config repository "
                    + repo.displayName() + " cannot be read (" + e.getOriginalMessage() + "): delete that ref");
        }
    }

    private static String json(Object value) {
        try {
            return JsonStore.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rolloutRef(String service) {
        return "rollouts/" + service;
    }

    private static String lockRef(String service) {
        return "locks/" + service;
    }

    private static String resumeRef(String service) {
        return "resume/" + service;
    }

    /** user@host, as far as the machine tells it. */
    private static String thisMachine() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
        }
        return System.getProperty("user.name") + "@" + host;
    }
}
