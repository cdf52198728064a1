package io.cfkit.traffic;

import static io.cfkit.traffic.TrafficKeys.CANARY;
import static io.cfkit.traffic.TrafficKeys.ROUTES;
import static io.cfkit.traffic.TrafficKeys.STABLE;
import static io.cfkit.traffic.TrafficKeys.TRAFFIC;
import static io.cfkit.traffic.TrafficKeys.WEIGHT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of {@code edge-gateway-traffic.yml}: read, change one service's policy, write back. Every key it does not
 * know (the global settings, keys a newer gateway reads, other top-level keys) is written back as it was read; only
 * YAML comments are lost, which is why the file's header is written by whoever renders it. Immutable.
 */
public final class PolicyFile {

    public static final String NAME = "edge-gateway-traffic.yml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final ObjectNode root;

    private PolicyFile(ObjectNode root) {
        this.root = root;
    }

    public static PolicyFile empty() {
        return new PolicyFile(YAML.createObjectNode());
    }

    /** Throws IllegalArgumentException naming the problem when the text is not YAML or not a mapping. */
    public static PolicyFile parse(String yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(NAME + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return empty();
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException(NAME + " must be a YAML mapping with a top-level '" + TRAFFIC
                    + "' key");
        }
        return new PolicyFile((ObjectNode) tree);
    }

    /** The policy as the gateway reads it: the file flattened as the config server serves it. */
    public TrafficPolicy policy() {
        return TrafficPolicy.fromProperties(properties());
    }

    /** The file as the config server's flattened properties ({@code traffic.routes.hello.stable=v1}). */
    public Map<String, String> properties() {
        Map<String, String> properties = new TreeMap<>();
        flatten("", root, properties);
        return properties;
    }

    /** This file with the service's policy replaced; the service's keys this file does not know are kept. */
    public PolicyFile with(RoutePolicy route) {
        ObjectNode copy = root.deepCopy();
        ObjectNode routes = object(object(copy, TRAFFIC), ROUTES);
        ObjectNode entry = object(routes, route.service());
        entry.put(STABLE, route.stable());
        if (route.hasCanary()) {
            entry.put(CANARY, route.canary());
            entry.put(WEIGHT, route.weight());
        } else {
            entry.remove(CANARY);
            entry.remove(WEIGHT);
        }
        return new PolicyFile(copy);
    }

    /** This file without the service's policy: then the gateway serves the service by all its instances. */
    public PolicyFile without(String service) {
        ObjectNode copy = root.deepCopy();
        JsonNode routes = copy.path(TRAFFIC).path(ROUTES);
        if (routes.isObject()) {
            ((ObjectNode) routes).remove(service);
        }
        return new PolicyFile(copy);
    }

    /** The YAML text, after {@code header} (comment lines, each starting with #). */
    public String render(String header) {
        try {
            return header + (root.isEmpty() ? "" : YAML.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + NAME, e);
        }
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode child = parent.get(field);
        if (child instanceof ObjectNode object) {
            return object;
        }
        // A scalar where a mapping belongs would be read by nobody: replacing it is the only way to write the policy.
        return parent.putObject(field);
    }

    /** As Spring's YAML loading does it: nested keys joined by dots, list items as key[index]. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e ->
                    flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), into);
            }
        } else if (!node.isNull() && !prefix.isEmpty()) {
            into.put(prefix, node.asText());
        }
    }
}
