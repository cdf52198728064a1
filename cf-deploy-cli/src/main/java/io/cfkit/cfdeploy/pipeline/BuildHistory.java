package io.cfkit.cfdeploy.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfkit.cfdeploy.state.JsonStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The builds of a pipeline run here, kept between runs in one JSON file: for each job its builds, their result
 * and the version of each resource they got or put. {@code passed:} is answered from it, as Concourse answers it
 * from its database.
 */
final class BuildHistory {

    private final Path file;
    private final ObjectNode jobs;

    BuildHistory(Path file) {
        this.file = file;
        this.jobs = JsonStore.read(file, ObjectNode.class).orElseGet(JsonNodeFactory.instance::objectNode);
    }

    int nextNumber(String job) {
        return builds(job).size() + 1;
    }

    void record(String job, int number, boolean succeeded, Map<String, JsonNode> versions) {
        ObjectNode build = builds(job).addObject();
        build.put("number", number);
        build.put("result", succeeded ? "succeeded" : "failed");
        ObjectNode v = build.putObject("versions");
        versions.forEach(v::set);
        JsonStore.write(file, jobs);
    }

    /**
     * The newest version of RESOURCE that went through every job of PASSED: the one of the newest successful
     * build of the first job that each other job also succeeded with.
     */
    Optional<JsonNode> passed(String resource, List<String> passed) {
        ArrayNode first = builds(passed.get(0));
        for (int i = first.size() - 1; i >= 0; i--) {
            JsonNode build = first.get(i);
            JsonNode version = build.path("versions").get(resource);
            if (succeeded(build) && version != null
                    && passed.stream().skip(1).allMatch(job -> succeededWith(job, resource, version))) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    private boolean succeededWith(String job, String resource, JsonNode version) {
        for (JsonNode build : builds(job)) {
            if (succeeded(build) && version.equals(build.path("versions").get(resource))) {
                return true;
            }
        }
        return false;
    }

    private static boolean succeeded(JsonNode build) {
        return build.path("result").asText().equals("succeeded");
    }

    private ArrayNode builds(String job) {
        JsonNode builds = jobs.get(job);
        return builds instanceof ArrayNode list ? list : jobs.putArray(job);
    }
}
