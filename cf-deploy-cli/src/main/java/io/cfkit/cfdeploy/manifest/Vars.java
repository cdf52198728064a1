package io.cfkit.cfdeploy.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of a manifest's {@code ((vars))}, with the cf CLI's rules: a var that is a whole value keeps
 * its type, one inside a string is spliced in as text, and a var no source defines is an error.
 */
public final class Vars {

    private static final Pattern VAR = Pattern.compile("\\(\\(([A-Za-z0-9_.\\-]+)\\)\\)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, JsonNode> values;

    private Vars(Map<String, JsonNode> values) {
        this.values = values;
    }

    public static Vars of(Map<String, String> values) {
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        values.forEach((k, v) -> nodes.put(k, TextNode.valueOf(v)));
        return new Vars(nodes);
    }

    /** Reads a vars file: a YAML map of names to values. */
    public static Vars read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ManifestError(file.toString(), "cannot be read as YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Vars(Map.of());
        }
        if (!root.isObject()) {
            throw new ManifestError(file.toString(), "a vars file must be a map of names to values");
        }
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> nodes.put(e.getKey(), e.getValue()));
        return new Vars(nodes);
    }

    /** These vars, with {@code other}'s values taking precedence. */
    public Vars overriddenBy(Vars other) {
        Map<String, JsonNode> merged = new LinkedHashMap<>(values);
        merged.putAll(other.values);
        return new Vars(merged);
    }

    public boolean defines(String name) {
        return values.containsKey(name);
    }

    /** A copy of {@code node} with every var replaced; {@code file} names the source in the error. */
    public JsonNode substitute(JsonNode node, String file) {
        Set<String> missing = new TreeSet<>();
        JsonNode result = substitute(node, missing);
        if (!missing.isEmpty()) {
            throw new ManifestError(file, "variables not defined: " + String.join(", ", missing)
                    + " (define them in a vars file or pass --var NAME=VALUE)");
        }
        return result;
    }

    private JsonNode substitute(JsonNode node, Set<String> missing) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), substitute(field.getValue(), missing));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(substitute(item, missing)));
            return copy;
        }
        if (node.isTextual()) {
            return substituteText(node.textValue(), missing);
        }
        return node;
    }

    private JsonNode substituteText(String text, Set<String> missing) {
        Matcher whole = VAR.matcher(text);
        if (whole.matches()) {
            JsonNode value = values.get(whole.group(1));
            if (value == null) {
                missing.add(whole.group(1));
                return TextNode.valueOf(text);
            }
            return value;
        }
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode value = values.get(m.group(1));
            if (value == null) {
                missing.add(m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
            }
        }
        m.appendTail(out);
        return TextNode.valueOf(out.toString());
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
