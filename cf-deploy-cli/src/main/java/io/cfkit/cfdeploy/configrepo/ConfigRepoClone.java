package io.cfkit.cfdeploy.configrepo;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FileUtils;

/**
 * cf-deploy's clone of a remote config repository, in the state folder: fetched and reset to the remote branch before
 * every read and every change, so it never holds anything the remote does not. A change is committed and pushed; a
 * push refused because the remote moved meanwhile is made again on the new head. Beside the branch the config server
 * serves, the clone reads and writes {@linkplain #readShared shared refs}: small values that commands on other
 * machines must see, changed only by compare-and-set.
 */
public final class ConfigRepoClone implements WorkingTree {

    /** The clones' folder in the state folder, one clone per repository URI. */
    public static final String CLONES = "config-repo-clones";
    /** Where the shared refs live: a namespace the config server, which serves branches, never reads. */
    public static final String SHARED_REFS = "refs/cf-deploy/";

    private static final String REMOTE = Constants.DEFAULT_REMOTE_NAME;
    private static final String VALUE_FILE = "value";
    private static final int PUSH_ATTEMPTS = 6;
    /** A remote that stops answering ends the command instead of holding the clone for ever. */
    private static final int NETWORK_TIMEOUT_SECONDS = 60;
    /** One clone folder, one command at a time in it: within this process, and across processes with a file lock. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ConfigRepoSource source;
    private final Path directory;

    private ConfigRepoClone(ConfigRepoSource source, Path directory) {
        this.source = source;
        this.directory = directory;
    }

    /** The clone of {@code source} in the state folder {@code stateRoot}; cloned at its first use. */
    public static ConfigRepoClone in(Path stateRoot, ConfigRepoSource source) {
        return new ConfigRepoClone(source, stateRoot.toAbsolutePath().normalize().resolve(CLONES)
                .resolve(hash(source.uri())));
    }

    /** A value kept in a shared ref: the ref's commit, and the text it holds. */
    public record SharedValue(ObjectId commit, String text) {
    }

    @Override
    public Path directory() {
        return directory;
    }

    /** The branch the config server serves, which cf-deploy commits to. */
    public String branch() {
        return source.branch();
    }

    /** The repository as messages name it: no credentials. */
    public String displayName() {
        return source.displayName();
    }

    @Override
    public <T> T read(Supplier<T> reader) {
        return exclusive(git -> {
            resetToRemote(git, fetch(git));
            return reader.get();
        });
    }

    @Override
    public String change(Supplier<String> commit) {
        RetryPolicy<String> whileTheRemoteMoves = RetryPolicy.<String>builder()
                .handle(RemoteMoved.class)
                .withBackoff(Duration.ofMillis(50), Duration.ofSeconds(2))
                .withJitter(0.25)
                .withMaxAttempts(PUSH_ATTEMPTS)
                .build();
        return exclusive(git -> {
            try {
                return Failsafe.with(whileTheRemoteMoves).get(() -> commitAndPush(git, commit));
            } catch (RemoteMoved e) {
                throw new UserError("the config repository " + displayName() + " moved under each of " + PUSH_ATTEMPTS
                        + " pushes of cf-deploy's change: others are pushing to " + source.branch()
                        + " right now; run the command again");
            } finally {
                // Whatever happened, nothing unpushed stays in the clone.
                resetQuietly(git);
            }
        });
    }

    /** The value of the shared ref {@code ref} (under {@value #SHARED_REFS}) as the remote has it now. */
    public Optional<SharedValue> readShared(String ref) {
        String name = sharedRef(ref);
        return exclusive(git -> {
            fetch(git);
            Ref found = git.getRepository().exactRef(name);
            if (found == null) {
                return Optional.empty();
            }
            return Optional.of(new SharedValue(found.getObjectId(), valueAt(git.getRepository(), found.getObjectId())));
        });
    }

    /**
     * Sets the shared ref to a commit holding {@code text}, if the remote's ref is still {@code expected}: the commit
     * {@link #readShared} gave, {@link ObjectId#zeroId()} for a ref that must not exist yet, or null for whatever
     * it is. Returns the ref's new commit; empty when the remote's ref was something else: nothing changed.
     */
    public Optional<ObjectId> writeShared(String ref, ObjectId expected, String text, String message) {
        String name = sharedRef(ref);
        return exclusive(git -> {
            ObjectId commit = commitValue(git.getRepository(), expected, text, message);
            return push(git, name, commit, expected, true, null) ? Optional.of(commit) : Optional.empty();
        });
    }

    /** Deletes the shared ref if the remote's ref is still {@code expected} (null: whatever it is). */
    public boolean deleteShared(String ref, ObjectId expected) {
        String name = sharedRef(ref);
        return exclusive(git -> push(git, name, null, expected, true, null));
    }

    private String commitAndPush(Git git, Supplier<String> commit) throws IOException {
        ObjectId remoteHead = fetch(git);
        resetToRemote(git, remoteHead);
        String head = commit.get();
        if (head.equals(remoteHead.getName())) {
            return head;
        }
        if (!push(git, Constants.R_HEADS + source.branch(), ObjectId.fromString(head), remoteHead, false,
                trackingRef())) {
            throw new RemoteMoved();
        }
        return head;
    }

    /** Fetches the branch and the shared refs; returns the remote branch's head. */
    private ObjectId fetch(Git git) throws IOException {
        String tracking = trackingRef();
        try {
            git.fetch().setRemote(REMOTE).setCredentialsProvider(source.credentials())
                    .setTimeout(NETWORK_TIMEOUT_SECONDS)
                    .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + source.branch() + ":" + tracking),
                            new RefSpec("+" + SHARED_REFS + "*:" + SHARED_REFS + "*"))
                    .setRemoveDeletedRefs(true)
                    .call();
        } catch (GitAPIException | JGitInternalException e) {
            if (String.valueOf(e.getMessage()).contains(Constants.R_HEADS + source.branch())) {
                throw noBranch();
            }
            throw refused("fetch from", e);
        }
        Ref remote = git.getRepository().exactRef(tracking);
        if (remote == null) {
            throw noBranch();
        }
        return remote.getObjectId();
    }

    /**
     * Pushes {@code commit} (null: deletes) to the remote's {@code ref} if the remote has {@code expected} there
     * (null: whatever it has), then moves {@code tracking} (if any) there. True when done; false when the remote's
     * ref was not what was expected, or moved meanwhile; a {@link UserError} for any other refusal.
     */
    private boolean push(Git git, String ref, ObjectId commit, ObjectId expected, boolean force, String tracking)
            throws IOException {
        RemoteRefUpdate update = new RemoteRefUpdate(git.getRepository(), null, commit, ref, force, tracking,
                expected);
        PushResult result;
        try (Transport transport = Transport.open(git.getRepository(), REMOTE)) {
            transport.setCredentialsProvider(source.credentials());
            transport.setTimeout(NETWORK_TIMEOUT_SECONDS);
            result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
        } catch (TransportException | JGitInternalException e) {
            throw refused("push to", e);
        } catch (org.eclipse.jgit.errors.NotSupportedException | java.net.URISyntaxException e) {
            throw refused("push to", e);
        }
        RemoteRefUpdate done = result.getRemoteUpdate(ref);
        return switch (done.getStatus()) {
            case OK, UP_TO_DATE -> true;
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, NON_EXISTING -> false;
            case REJECTED_OTHER_REASON -> {
                if (remoteMoved(done.getMessage())) {
                    yield false;
                }
                throw new UserError("the config repository " + displayName() + " refused cf-deploy's push to " + ref
                        + ": " + oneLine(source.scrub(done.getMessage())) + ": " + ADVICE);
            }
            default -> throw new UserError("the config repository " + displayName() + " refused cf-deploy's push to "
                    + ref + " (" + done.getStatus() + "): " + ADVICE);
        };
    }

    private static final String ADVICE = "check that CONFIG_REPO_URI names it, and that CONFIG_REPO_USERNAME and"
            + " CONFIG_REPO_PASSWORD (a token with write access) may push to it";

    /** A server's words for "the ref is no longer what you saw": a race lost, not a refusal. */
    private static boolean remoteMoved(String message) {
        String text = String.valueOf(message).toLowerCase(Locale.ROOT);
        return text.contains("lock") || text.contains("already exists") || text.contains("stale")
                || text.contains("fetch first") || text.contains("non-fast-forward");
    }

    private UserError noBranch() {
        return new UserError("the config repository " + displayName() + " has no branch " + source.branch()
                + ": push the configuration there, or set CONFIG_REPO_BRANCH to the branch the config server serves");
    }

    private UserError refused(String what, Exception e) {
        return new UserError("cf-deploy cannot " + what + " the config repository " + displayName() + ": "
                + reason(e) + ": " + ADVICE);
    }

    /** JGit's message and its root cause's, without the repeated URI, credentials, or line breaks. */
    private String reason(Exception e) {
        String message = withoutFullStop(oneLine(source.scrub(e.getMessage())));
        if (message.startsWith(displayName() + ": ")) {
            message = message.substring(displayName().length() + 2);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null) {
            String cause = withoutFullStop(oneLine(source.scrub(root.getMessage())));
            if (root instanceof java.net.UnknownHostException) {
                cause = "unknown host " + cause;
            }
            if (!message.contains(cause)) {
                message = message + " (" + cause + ")";
            }
        }
        return message;
    }

    private static String withoutFullStop(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private void resetToRemote(Git git, ObjectId remoteHead) {
        try {
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(remoteHead.getName()).call();
            git.clean().setForce(true).setCleanDirectories(true).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot reset the clone at " + directory + " (delete the folder: cf-deploy"
                    + " clones again)", e);
        }
    }

    private void resetQuietly(Git git) {
        try {
            Ref remote = git.getRepository().exactRef(trackingRef());
            if (remote != null) {
                resetToRemote(git, remote.getObjectId());
            }
        } catch (IOException | RuntimeException e) {
            // The next command resets the clone before it reads anything.
        }
    }

    private ObjectId commitValue(Repository repository, ObjectId parent, String text, String message)
            throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
            TreeFormatter tree = new TreeFormatter();
            tree.append(VALUE_FILE, FileMode.REGULAR_FILE, blob);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(tree));
            if (parent != null && !parent.equals(ObjectId.zeroId()) && repository.getObjectDatabase().has(parent)) {
                // The value's history stays readable in the ref's log.
                commit.setParentId(parent);
            }
            PersonIdent cfDeploy = new PersonIdent("cf-deploy", "cf-deploy@localhost");
            commit.setAuthor(cfDeploy);
            commit.setCommitter(cfDeploy);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private static String valueAt(Repository repository, ObjectId commitId) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(commitId);
            try (TreeWalk file = TreeWalk.forPath(repository, VALUE_FILE, commit.getTree())) {
                if (file == null) {
                    return "";
                }
                return new String(repository.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private String sharedRef(String ref) {
        String name = SHARED_REFS + ref;
        if (!Repository.isValidRefName(name)) {
            throw new UserError("'" + ref + "' cannot name a git ref: use letters, digits, - and /");
        }
        return name;
    }

    private String trackingRef() {
        return Constants.R_REMOTES + REMOTE + "/" + source.branch();
    }

    private interface GitWork<T> {
        T run(Git git) throws IOException;
    }

    private <T> T exclusive(GitWork<T> work) {
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(directory, d -> new ReentrantLock());
        inProcess.lock();
        try {
            if (inProcess.getHoldCount() > 1) {
                return inClone(work);
            }
            Files.createDirectories(directory.getParent());
            Path lockFile = directory.resolveSibling(directory.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = channel.lock()) {
                return inClone(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the clone of the config repository at " + directory, e);
        } finally {
            inProcess.unlock();
        }
    }

    private <T> T inClone(GitWork<T> work) throws IOException {
        if (!Files.isDirectory(directory.resolve(Constants.DOT_GIT))) {
            cloneRemote();
        }
        try (Git git = Git.open(directory.toFile())) {
            return work.run(git);
        }
    }

    private void cloneRemote() throws IOException {
        try (Git ignored = Git.cloneRepository().setURI(source.uri()).setDirectory(directory.toFile())
                .setBranch(source.branch()).setCredentialsProvider(source.credentials())
                .setTimeout(NETWORK_TIMEOUT_SECONDS).call()) {
            // Cloned: fetched and reset before each use.
        } catch (GitAPIException | JGitInternalException e) {
            FileUtils.delete(directory.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
            String message = String.valueOf(e.getMessage());
            if (message.contains("'" + source.branch() + "'") && message.contains("not found")) {
                throw noBranch();
            }
            throw refused("clone", e);
        }
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\s+", " ").strip();
    }

    private static String hash(String uri) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The remote's branch moved between the fetch and the push. */
    private static final class RemoteMoved extends RuntimeException {
        RemoteMoved() {
            super(null, null, false, false);
        }
    }
}
