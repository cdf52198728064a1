package io.cfkit.cfdeploy.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML file as a Jackson tree that remembers the line each mapping, list and value came from, so a problem
 * can name its line. SnakeYAML composes the node graph (Jackson's tree keeps no lines); merge keys
 * ({@code <<: *anchor}) are applied as go-yaml, which Concourse uses, applies them: keys of the mapping win.
 */
public final class YamlFile {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String name;
    private final JsonNode root;
    private final Map<JsonNode, Integer> lines;

    private YamlFile(String name, JsonNode root, Map<JsonNode, Integer> lines) {
        this.name = name;
        this.root = root;
        this.lines = lines;
    }

    /** Reads FILE; a missing file or one that is not YAML is a {@link UserError} naming it. */
    public static YamlFile read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new UserError(file + " does not exist: give the path of a YAML file");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Parses TEXT, named NAME in problems. */
    public static YamlFile parse(String text, String name) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node node;
        try {
            node = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new UserError(name + ":" + line + ": not YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new UserError(name + ": not YAML: " + e.getMessage());
        }
        Map<JsonNode, Integer> lines = new IdentityHashMap<>();
        JsonNode root = node == null ? NODES.missingNode() : new Converter(name, lines).convert(node);
        return new YamlFile(name, root, lines);
    }

    public String name() {
        return name;
    }

    public JsonNode root() {
        return root;
    }

    /** The line (1-based) NODE starts on, or 0 for a node not of this file. */
    public int line(JsonNode node) {
        return lines.getOrDefault(node, 0);
    }

    private record Converter(String file, Map<JsonNode, Integer> lines) {

        JsonNode convert(Node node) {
            JsonNode json;
            if (node instanceof MappingNode mapping) {
                json = mapping(mapping);
            } else if (node instanceof SequenceNode sequence) {
                json = sequence(sequence);
            } else if (node instanceof ScalarNode scalar) {
                json = scalar(scalar);
            } else {
                throw new UserError(file + ": unexpected YAML node " + node.getNodeId());
            }
            lines.put(json, node.getStartMark().getLine() + 1);
            return json;
        }

        private ObjectNode mapping(MappingNode mapping) {
            ObjectNode object = NODES.objectNode();
            ObjectNode merged = NODES.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                Node key = tuple.getKeyNode();
                if (key.getTag().equals(Tag.MERGE)) {
                    merge(tuple.getValueNode(), merged);
                    continue;
                }
                if (!(key instanceof ScalarNode scalarKey)) {
                    throw new UserError(file + ":" + (key.getStartMark().getLine() + 1) + ": a key is not a plain value");
                }
                if (object.has(scalarKey.getValue())) {
                    throw new UserError(file + ":" + (key.getStartMark().getLine() + 1) + ": not YAML: duplicate key "
                            + scalarKey.getValue());
                }
                object.set(scalarKey.getValue(), convert(tuple.getValueNode()));
            }
            merged.fields().forEachRemaining(f -> {
                if (!object.has(f.getKey())) {
                    object.set(f.getKey(), f.getValue());
                }
            });
            return object;
        }

        private void merge(Node value, ObjectNode into) {
            List<Node> sources = value instanceof SequenceNode list ? list.getValue() : List.of(value);
            for (Node source : sources) {
                if (!(source instanceof MappingNode)) {
                    throw new UserError(file + ":" + (source.getStartMark().getLine() + 1)
                            + ": '<<' merges mappings only");
                }
                convert(source).fields().forEachRemaining(f -> {
                    if (!into.has(f.getKey())) {
                        into.set(f.getKey(), f.getValue());
                    }
                });
            }
        }

        private ArrayNode sequence(SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            sequence.getValue().forEach(item -> array.add(convert(item)));
            return array;
        }

        /** Plain scalars keep YAML's types (true, 3, null); quoted ones are strings. */
        private JsonNode scalar(ScalarNode scalar) {
            String text = scalar.getValue();
            Tag tag = scalar.getTag();
            if (tag.equals(Tag.NULL)) {
                return NODES.nullNode();
            }
            if (tag.equals(Tag.BOOL)) {
                return NODES.booleanNode(text.equalsIgnoreCase("true") || text.equalsIgnoreCase("yes")
                        || text.equalsIgnoreCase("on"));
            }
            if (tag.equals(Tag.INT)) {
                try {
                    return NODES.numberNode(Long.parseLong(text.replace("_", "")));
                } catch (NumberFormatException e) {
                    return NODES.textNode(text);
                }
            }
            if (tag.equals(Tag.FLOAT)) {
                try {
                    return NODES.numberNode(Double.parseDouble(text.replace("_", "")));
                } catch (NumberFormatException e) {
                    return NODES.textNode(text);
                }
            }
            // A fresh node per value, so that each one maps to its own line.
            return new com.fasterxml.jackson.databind.node.TextNode(text);
        }
    }
}
