package io.cfkit.cfdeploy.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * Concourse's resource protocol (/opt/resource/check, in, out), with the same JSON requests and replies, run in
 * the CLI's JVM instead of a container: a request is {@code {source, version, params}}; check answers a list of
 * versions, oldest first; in and out answer {@code {version, metadata: [{name, value}]}}.
 */
interface ResourceType {

    JsonNode check(JsonNode request);

    /** Fetches the request's version into DIR. */
    JsonNode in(Path dir, JsonNode request);

    /** Stores what SOURCES (the build's artifacts, one folder each) and the params name; answers the new version. */
    JsonNode out(Path sources, JsonNode request);
}
