package io.cfkit.cfdeploy.traffic;

import io.cfkit.traffic.RoutePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Policies in memory; commit ids are c1, c2, ... and a later commit contains every earlier one. */
final class FakePolicyStore implements PolicyStore {

    private record Commit(String id, String service, RoutePolicy policy, String message) {
    }

    private final Map<String, RoutePolicy> policies = new HashMap<>();
    private final List<Commit> commits = new ArrayList<>();
    private Runnable onCommit = () -> { };

    /** Runs before each commit that changes a policy: lets a test see what the platform had done by then. */
    void onCommit(Runnable action) {
        onCommit = action;
    }

    @Override
    public Optional<RoutePolicy> policy(String service) {
        return Optional.ofNullable(policies.get(service));
    }

    @Override
    public String commit(String service, RoutePolicy policy, String message) {
        if (Objects.equals(policy, policies.get(service))) {
            return head();
        }
        onCommit.run();
        if (policy == null) {
            policies.remove(service);
        } else {
            policies.put(service, policy);
        }
        commits.add(new Commit("c" + (commits.size() + 1), service, policy, message));
        return head();
    }

    @Override
    public boolean contains(String reported, String ours) {
        return number(reported) >= number(ours);
    }

    @Override
    public List<Change> history(String service) {
        List<Change> changes = new ArrayList<>();
        for (Commit commit : commits) {
            if (commit.service().equals(service)) {
                changes.add(0, new Change(Instant.EPOCH, commit.id(), commit.message()));
            }
        }
        return changes;
    }

    /** The newest commit's message. */
    String lastMessage() {
        return commits.get(commits.size() - 1).message();
    }

    private String head() {
        return commits.isEmpty() ? "c0" : commits.get(commits.size() - 1).id();
    }

    private static int number(String commit) {
        return Integer.parseInt(commit.substring(1));
    }
}
