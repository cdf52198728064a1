package io.cfkit.cfdeploy.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The gateways' traffic policies, kept in the config repository as {@code edge-gateway-traffic.yml} (the
 * gateway reads profile {@code traffic}). Every change is a commit whose message says what changed and why,
 * so the repository's log is the audit trail.
 */
public final class PolicyRepository {

    public static final String FILE = "edge-gateway-traffic.yml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final String HEADER = """
            # Traffic policy of the edge gateway, per service: written by cf-deploy (deploy, canary, promote,
            # rollback). Change it through cf-deploy; `cf-deploy history <app>` lists the changes.
            """;

    /** One commit of the policy file. */
    public record Change(Instant time, String commit, String message) {
    }

    private final Path repo;

    public PolicyRepository(Path repo) {
        this.repo = repo;
    }

    public Optional<TrafficPolicy> policy(String service) {
        return Optional.ofNullable(all().get(service));
    }

    public Map<String, TrafficPolicy> all() {
        Path file = repo.resolve(FILE);
        Map<String, TrafficPolicy> policies = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return policies;
        }
        try {
            JsonNode routes = YAML.readTree(file.toFile()).path("traffic").path("routes");
            routes.fields().forEachRemaining(e -> policies.put(e.getKey(), new TrafficPolicy(
                    e.getValue().path("stable").asText(),
                    e.getValue().hasNonNull("canary") ? e.getValue().path("canary").asText() : null,
                    e.getValue().path("weight").asInt(0))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return policies;
    }

    /**
     * Writes the service's policy (or removes it, for null) and commits it with {@code message}; returns the
     * commit id, or the current head when nothing changed.
     */
    public String commit(String service, TrafficPolicy policy, String message) {
        Map<String, TrafficPolicy> policies = all();
        if (policy == null) {
            policies.remove(service);
        } else {
            policies.put(service, policy);
        }
        try (Git git = Git.open(repo.toFile())) {
            Files.writeString(repo.resolve(FILE), render(policies), StandardCharsets.UTF_8);
            git.add().addFilepattern(FILE).call();
            if (git.status().addPath(FILE).call().isClean()) {
                return head(git);
            }
            return git.commit().setMessage(message).setOnly(FILE)
                    .setAuthor("cf-deploy", "cf-deploy@localhost").setCommitter("cf-deploy", "cf-deploy@localhost")
                    .setSign(false).call().getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit to the config repository at " + repo, e);
        }
    }

    public String head() {
        try (Git git = Git.open(repo.toFile())) {
            return head(git);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The commits that changed the service's policy, newest first: told by the policy file itself (the service's
     * entry differs from the parent commit's), not by the message, which may name any service.
     */
    public List<Change> history(String service) {
        List<Change> changes = new ArrayList<>();
        try (Git git = Git.open(repo.toFile())) {
            if (git.getRepository().resolve("HEAD") == null) {
                return changes;
            }
            for (RevCommit commit : git.log().addPath(FILE).call()) {
                JsonNode after = policyAt(git, commit, service);
                JsonNode before = commit.getParentCount() == 0 ? MissingNode.getInstance()
                        : policyAt(git, git.getRepository().parseCommit(commit.getParent(0)), service);
                if (!after.equals(before)) {
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

    /** The service's entry in the policy file as the commit has it; missing when the file or entry is absent. */
    private static JsonNode policyAt(Git git, RevCommit commit, String service) throws IOException {
        try (TreeWalk file = TreeWalk.forPath(git.getRepository(), FILE, commit.getTree())) {
            if (file == null) {
                return MissingNode.getInstance();
            }
            byte[] content = git.getRepository().open(file.getObjectId(0)).getBytes();
            return YAML.readTree(content).path("traffic").path("routes").path(service);
        }
    }

    static String render(Map<String, TrafficPolicy> policies) throws IOException {
        ObjectNode root = YAML.createObjectNode();
        ObjectNode routes = root.putObject("traffic").putObject("routes");
        policies.forEach((service, p) -> {
            ObjectNode node = routes.putObject(service);
            node.put("stable", p.stable());
            if (p.hasCanary()) {
                node.put("canary", p.canary());
                node.put("weight", p.weight());
            }
        });
        return HEADER + YAML.writeValueAsString(root);
    }

    private static String head(Git git) throws IOException {
        var id = git.getRepository().resolve("HEAD");
        return id == null ? "" : id.getName();
    }
}
