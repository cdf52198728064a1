package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.configrepo.WorkingTree;
import io.cfkit.traffic.PolicyFile;
import io.cfkit.traffic.RoutePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The gateways' traffic policies, kept in the config repository as {@value PolicyFile#NAME} (the gateway reads
 * profile {@code traffic}). Every change is a commit whose message says what changed and why, so the repository's
 * log is the audit trail. A change rewrites only the service's policy: the file's other keys stay as they were.
 * The repository is the config server's own (the local kit's) or a clone of a remote one, which is brought up to
 * date before every read and pushed to after every commit.
 */
public final class PolicyRepository implements PolicyStore {

    private static final String HEADER = """
            # Traffic policy of the edge gateway, per service: written by cf-deploy (deploy, canary, promote,
            # rollback). Change it through cf-deploy; `cf-deploy history <app>` lists the changes. The optional
            # global keys (traffic.pin-header, sticky-*, metrics.window-seconds) are kept; comments are not.
            """;

    private final WorkingTree tree;
    private final Path repo;

    /** The config server's own repository: a local one with a working tree. */
    public PolicyRepository(Path repo) {
        this(WorkingTree.local(repo));
    }

    public PolicyRepository(WorkingTree tree) {
        this.tree = tree;
        this.repo = tree.directory();
    }

    @Override
    public Optional<RoutePolicy> policy(String service) {
        return Optional.ofNullable(all().get(service));
    }

    public Map<String, RoutePolicy> all() {
        return tree.read(() -> file().policy().routes());
    }

    /**
     * Writes the service's policy (or removes it, for null) and commits it with {@code message}; returns the
     * commit id, or the current head when nothing changed.
     */
    @Override
    public String commit(String service, RoutePolicy policy, String message) {
        if (policy != null && !policy.service().equals(service)) {
            throw new IllegalArgumentException("a policy of " + policy.service() + " given for " + service);
        }
        // Made from the file as the fresh tree has it, so a retry after someone else's push keeps their change.
        return tree.change(() -> commitToTree(service, policy, message));
    }

    private String commitToTree(String service, RoutePolicy policy, String message) {
        PolicyFile changed = policy == null ? file().without(service) : file().with(policy);
        try (Git git = Git.open(repo.toFile())) {
            Files.writeString(repo.resolve(PolicyFile.NAME), changed.render(HEADER), StandardCharsets.UTF_8);
            git.add().addFilepattern(PolicyFile.NAME).call();
            if (git.status().addPath(PolicyFile.NAME).call().isClean()) {
                return head(git);
            }
            return git.commit().setMessage(message).setOnly(PolicyFile.NAME)
                    .setAuthor("cf-deploy", "cf-deploy@localhost").setCommitter("cf-deploy", "cf-deploy@localhost")
                    .setSign(false).call().getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit to the config repository at " + tree, e);
        }
    }

    public String head() {
        return tree.read(() -> {
            try (Git git = Git.open(repo.toFile())) {
                return head(git);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Whether {@code reported} (the commit a gateway says it applies) contains {@code ours}: it is ours or a later
     * commit built on it, such as one made by hand while a rollout waits. False for a commit this repository does not
     * have even after bringing it up to date, or one that does not descend from ours.
     */
    @Override
    public boolean contains(String reported, String ours) {
        if (reported == null || reported.isBlank() || ours == null || ours.isBlank()) {
            return false;
        }
        if (reported.equals(ours)) {
            return true;
        }
        if (!ObjectId.isId(reported) || !ObjectId.isId(ours)) {
            return false;
        }
        Boolean known = containsHere(reported, ours);
        if (known == null) {
            // A commit made by someone else after ours: fetched with the rest of what the config server serves.
            known = tree.read(() -> containsHere(reported, ours));
        }
        return Boolean.TRUE.equals(known);
    }

    /** Null when this repository lacks one of the commits. */
    private Boolean containsHere(String reported, String ours) {
        try (Git git = Git.open(repo.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(ours)),
                    walk.parseCommit(ObjectId.fromString(reported)));
        } catch (MissingObjectException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The commits that changed the service's policy, newest first: told by the policy file itself (the service's
     * policy differs from the parent commit's), not by the message, which may name any service.
     */
    @Override
    public List<Change> history(String service) {
        return tree.read(() -> historyHere(service));
    }

    private List<Change> historyHere(String service) {
        List<Change> changes = new ArrayList<>();
        try (Git git = Git.open(repo.toFile())) {
            if (git.getRepository().resolve("HEAD") == null) {
                return changes;
            }
            for (RevCommit commit : git.log().addPath(PolicyFile.NAME).call()) {
                RoutePolicy after = policyAt(git, commit, service);
                RoutePolicy before = commit.getParentCount() == 0 ? null
                        : policyAt(git, git.getRepository().parseCommit(commit.getParent(0)), service);
                if (!Objects.equals(after, before)) {
                    changes.add(new Change(Instant.ofEpochSecond(commit.getCommitTime()), commit.getName(),
                            commit.getFullMessage().strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot read the log of " + repo, e);
        }
        return changes;
    }

    private PolicyFile file() {
        Path file = repo.resolve(PolicyFile.NAME);
        if (!Files.exists(file)) {
            return PolicyFile.empty();
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The service's policy as the commit has it; null when the file or the entry is absent. */
    private static RoutePolicy policyAt(Git git, RevCommit commit, String service) throws IOException {
        try (TreeWalk file = TreeWalk.forPath(git.getRepository(), PolicyFile.NAME, commit.getTree())) {
            if (file == null) {
                return null;
            }
            byte[] content = git.getRepository().open(file.getObjectId(0)).getBytes();
            return parse(new String(content, StandardCharsets.UTF_8)).policy().route(service);
        }
    }

    private static PolicyFile parse(String text) {
        try {
            return PolicyFile.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + ": fix " + PolicyFile.NAME + " in the config repository");
        }
    }

    private static String head(Git git) throws IOException {
        var id = git.getRepository().resolve("HEAD");
        return id == null ? "" : id.getName();
    }
}
