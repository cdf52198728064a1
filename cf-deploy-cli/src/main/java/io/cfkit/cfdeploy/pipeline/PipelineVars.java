package io.cfkit.cfdeploy.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ((vars)) of {@code fly set-pipeline -l FILE}: values from vars files (a later file wins), plus the names a
 * vars file declares in a comment line {@code #   ((name))  what it is} for Concourse's credential manager.
 */
public final class PipelineVars {

    private static final Pattern VAR = Pattern.compile("\\(\\(([^()]+)\\)\\)");
    private static final Pattern CREDENTIAL_LINE = Pattern.compile("^#\\s+\\(\\(([a-z0-9][a-z0-9_.-]*)\\)\\)");

    private final Map<String, JsonNode> values;
    private final Set<String> fromCredentialManager;

    private PipelineVars(Map<String, JsonNode> values, Set<String> fromCredentialManager) {
        this.values = values;
        this.fromCredentialManager = fromCredentialManager;
    }

    /** The vars of a mapping, e.g. a task step's {@code vars:}. */
    public static PipelineVars of(JsonNode mapping) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        mapping.fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue()));
        return new PipelineVars(values, Set.of());
    }

    public static PipelineVars none() {
        return new PipelineVars(Map.of(), Set.of());
    }

    /** Reads the vars files in order; a missing one or one that is not a YAML mapping is a {@link UserError}. */
    public static PipelineVars read(List<Path> files) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Set<String> declared = new TreeSet<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new UserError("vars file " + file + " does not exist: give the path of a YAML file of vars (-l)");
            }
            JsonNode root = YamlFile.read(file).root();
            if (!root.isObject() && !root.isMissingNode()) {
                throw new UserError("vars file " + file + " is not a YAML mapping of names to values");
            }
            root.fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue()));
            try {
                for (String line : Files.readAllLines(file)) {
                    Matcher m = CREDENTIAL_LINE.matcher(line);
                    if (m.find()) {
                        declared.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UserError("cannot read vars file " + file + ": " + e.getMessage());
            }
        }
        return new PipelineVars(values, declared);
    }

    /** Names given a value. */
    public Set<String> valued() {
        return new TreeSet<>(values.keySet());
    }

    /** Names declared (in a comment) as coming from the credential manager. */
    public Set<String> fromCredentialManager() {
        return new TreeSet<>(fromCredentialManager);
    }

    public boolean defines(String name) {
        return values.containsKey(name) || fromCredentialManager.contains(name);
    }

    /** Names of the ((vars)) in TEXT: ((a.b)) is var a, ((source:a)) is a. */
    public static Set<String> namesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = VAR.matcher(text);
        while (m.find()) {
            names.add(name(m.group(1)));
        }
        return names;
    }

    /** Every ((var)) in a YAML tree, keys included. */
    public static Set<String> namesIn(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node.isTextual()) {
            names.addAll(namesIn(node.asText()));
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            names.addAll(namesIn(field.getKey()));
            names.addAll(namesIn(field.getValue()));
        }
        if (node.isArray()) {
            node.forEach(child -> names.addAll(namesIn(child)));
        }
        return names;
    }

    private static String name(String reference) {
        String ref = reference.trim().replace("\"", "");
        int colon = ref.indexOf(':');
        String path = colon >= 0 ? ref.substring(colon + 1) : ref;
        int dot = path.indexOf('.');
        return dot >= 0 ? path.substring(0, dot) : path;
    }

    /**
     * NODE with every ((var)) replaced by its value, as Concourse does when a build runs: a whole-value var keeps
     * its type, inside a string it is spliced as text. A var without a value is a {@link UserError}.
     */
    public JsonNode interpolate(JsonNode node, String where) {
        if (node.isTextual()) {
            String text = node.asText();
            Matcher whole = VAR.matcher(text);
            if (whole.matches()) {
                return value(whole.group(1), where).deepCopy();
            }
            Matcher m = VAR.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                JsonNode value = value(m.group(1), where);
                if (value.isContainerNode()) {
                    throw new UserError("var ((" + m.group(1) + ")) in " + where + " is a list or mapping: only"
                            + " strings and numbers can go inside a string");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
            }
            m.appendTail(out);
            return JsonNodeFactory.instance.textNode(out.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(f -> copy.set(f.getKey(), interpolate(f.getValue(), where)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(child -> copy.add(interpolate(child, where)));
            return copy;
        }
        return node;
    }

    private JsonNode value(String reference, String where) {
        String ref = reference.trim().replace("\"", "");
        String path = ref.contains(":") ? ref.substring(ref.indexOf(':') + 1) : ref;
        String[] parts = path.split("\\.");
        JsonNode value = values.get(parts[0]);
        for (int i = 1; value != null && i < parts.length; i++) {
            value = value.get(parts[i]);
        }
        if (value == null) {
            throw new UserError("var ((" + reference + ")) used in " + where + " has no value: add it to a vars"
                    + " file given with -l");
        }
        return value;
    }
}
