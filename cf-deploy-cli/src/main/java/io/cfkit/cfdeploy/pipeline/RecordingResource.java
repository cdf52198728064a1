package io.cfkit.cfdeploy.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfkit.cfdeploy.state.JsonStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any other resource type: each put is recorded (its params, with the build's files it names left out) in a JSON
 * file of the runner's store, so a test or a user can see what the pipeline would have sent; its version is the
 * put's number. A get fetches nothing but writes {@code version}.
 */
final class RecordingResource implements ResourceType {

    private final Path record;

    /** RECORD: the JSON list of this resource's puts. */
    RecordingResource(Path record) {
        this.record = record;
    }

    /** The puts so far, oldest first: {@code [{version: {ref}, params}]}. */
    static ArrayNode puts(Path record) {
        return JsonStore.read(record, ArrayNode.class).orElseGet(JsonNodeFactory.instance::arrayNode);
    }

    @Override
    public JsonNode check(JsonNode request) {
        ArrayNode versions = JsonNodeFactory.instance.arrayNode();
        puts(record).forEach(put -> versions.add(put.path("version")));
        return versions;
    }

    @Override
    public JsonNode in(Path dir, JsonNode request) {
        try {
            Files.writeString(dir.resolve("version"), request.path("version").path("ref").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.set("version", request.path("version"));
        reply.set("metadata", Metadata.of("recorded", "nothing fetched: a recording stub"));
        return reply;
    }

    @Override
    public JsonNode out(Path sources, JsonNode request) {
        ArrayNode puts = puts(record);
        ObjectNode version = JsonNodeFactory.instance.objectNode().put("ref", String.valueOf(puts.size() + 1));
        ObjectNode put = puts.addObject();
        put.set("version", version);
        put.set("params", request.path("params"));
        JsonStore.write(record, puts);
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.set("version", version);
        reply.set("metadata", Metadata.of("recorded", record.toString()));
        return reply;
    }
}
