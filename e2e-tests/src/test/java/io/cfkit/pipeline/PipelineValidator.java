package io.cfkit.pipeline;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline stand-in for {@code fly validate-pipeline --strict}, which cannot run here: the rules of
 * shared/notes/concourse.md ("What fly validate-pipeline rejects"), plus the task files named by {@code file:},
 * which fly never reads. Each method returns the problems found, one readable line each; none means valid.
 */
final class PipelineValidator {

    static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> TOP_LEVEL_KEYS = Set.of(
            "groups", "var_sources", "resources", "resource_types", "prototypes", "jobs", "display", "user_data");
    private static final Set<String> RESOURCE_KEYS = Set.of(
            "name", "type", "source", "check_every", "check_timeout", "tags", "version", "icon", "public",
            "webhook_token");
    private static final Set<String> RESOURCE_TYPE_KEYS = Set.of(
            "name", "type", "source", "privileged", "params", "check_every", "tags", "defaults");
    private static final Set<String> GROUP_KEYS = Set.of("name", "jobs");
    private static final Set<String> JOB_KEYS = Set.of(
            "name", "plan", "serial", "serial_groups", "max_in_flight", "public", "disable_manual_trigger",
            "interruptible", "build_log_retention", "on_success", "on_failure", "on_abort", "on_error", "ensure");
    private static final List<String> HOOKS = List.of("on_success", "on_failure", "on_abort", "on_error", "ensure");
    private static final Set<String> MODIFIER_KEYS = Set.of(
            "timeout", "attempts", "tags", "ensure", "on_success", "on_failure", "on_abort", "on_error", "across");
    private static final Map<String, Set<String>> STEP_KEYS = Map.of(
            "get", Set.of("get", "resource", "version", "params", "passed", "trigger"),
            "put", Set.of("put", "resource", "params", "inputs", "get_params", "no_get"),
            "task", Set.of("task", "file", "config", "privileged", "params", "vars", "input_mapping",
                    "output_mapping", "image"),
            "set_pipeline", Set.of("set_pipeline", "file", "vars", "var_files", "team", "instance_vars"),
            "load_var", Set.of("load_var", "file", "format", "reveal"),
            "in_parallel", Set.of("in_parallel"),
            "do", Set.of("do"),
            "try", Set.of("try"));

    /** The keys a task config may have: anything else is an error in Concourse. */
    static final Set<String> TASK_CONFIG_KEYS = Set.of(
            "platform", "image_resource", "inputs", "outputs", "caches", "params", "run", "container_limits",
            "rootfs_uri");
    private static final Set<String> IMAGE_RESOURCE_KEYS = Set.of("type", "source", "params", "version");
    private static final Set<String> INPUT_KEYS = Set.of("name", "path", "optional");
    private static final Set<String> OUTPUT_KEYS = Set.of("name", "path");
    private static final Set<String> CACHE_KEYS = Set.of("path");
    private static final Set<String> RUN_KEYS = Set.of("path", "args", "dir", "user");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9\\-_.]*");
    private static final Pattern DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern VAR = Pattern.compile("\\(\\(([^()]+)\\)\\)");

    private PipelineValidator() {
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static JsonNode parseYaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML: " + e.getMessage(), e);
        }
    }

    /** A get, put or task step found in a job's plan, hooks included. */
    record Step(String kind, String name, String job, JsonNode node) {

        /** For get and put: the resource the step names. */
        String resource() {
            return node.hasNonNull("resource") ? node.get("resource").asText() : name;
        }
    }

    /** Every get, put and task step of a job, in plan order (hooks after their step). */
    static List<Step> steps(JsonNode job) {
        List<Step> steps = new ArrayList<>();
        String jobName = job.path("name").asText();
        collect(job.path("plan"), jobName, steps);
        for (String hook : HOOKS) {
            if (job.has(hook)) {
                collect(job.get(hook), jobName, steps);
            }
        }
        return steps;
    }

    private static void collect(JsonNode node, String job, List<Step> into) {
        if (node.isArray()) {
            node.forEach(step -> collect(step, job, into));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (String kind : List.of("get", "put", "task")) {
            if (node.hasNonNull(kind)) {
                into.add(new Step(kind, node.get(kind).asText(), job, node));
            }
        }
        if (node.has("in_parallel")) {
            JsonNode parallel = node.get("in_parallel");
            collect(parallel.isObject() ? parallel.path("steps") : parallel, job, into);
        }
        for (String nested : List.of("do", "try")) {
            if (node.has(nested)) {
                collect(node.get(nested), job, into);
            }
        }
        for (String hook : HOOKS) {
            if (node.has(hook)) {
                collect(node.get(hook), job, into);
            }
        }
    }

    /**
     * The checks of {@code fly validate-pipeline --strict}, plus the task files the pipeline names, looked up
     * in {@code repoRoot} as the path after the input name ({@code kit/ci-tasks/x.yml} is {@code ci-tasks/x.yml}).
     */
    static List<String> validatePipeline(JsonNode pipeline, Path repoRoot) {
        List<String> errors = new ArrayList<>();
        if (!pipeline.isObject()) {
            errors.add("the pipeline is not a YAML mapping");
            return errors;
        }
        unknownKeys(pipeline, TOP_LEVEL_KEYS, "pipeline", errors);
        findKey(pipeline, "aggregate", "pipeline", errors);

        Map<String, String> resourceTypes = new HashMap<>();
        JsonNode resourceTypeNodes = pipeline.path("resource_types");
        for (JsonNode type : resourceTypeNodes) {
            String name = named(type, "resource type", errors);
            unknownKeys(type, RESOURCE_TYPE_KEYS, "resource type '" + name + "'", errors);
            if (resourceTypes.put(name, type.path("type").asText()) != null) {
                errors.add("resource type '" + name + "' is declared more than once");
            }
        }

        Map<String, JsonNode> resources = new LinkedHashMap<>();
        for (JsonNode resource : pipeline.path("resources")) {
            String name = named(resource, "resource", errors);
            unknownKeys(resource, RESOURCE_KEYS, "resource '" + name + "'", errors);
            if (resources.put(name, resource) != null) {
                errors.add("resource '" + name + "' is declared more than once");
            }
            if (resource.path("type").asText().isEmpty()) {
                errors.add("resource '" + name + "' has no type");
            }
            checkDuration(resource, "check_every", "resource '" + name + "'", errors);
        }

        JsonNode jobNodes = pipeline.path("jobs");
        if (!jobNodes.isArray() || jobNodes.isEmpty()) {
            errors.add("the pipeline has no jobs");
            return errors;
        }
        Map<String, JsonNode> jobs = new LinkedHashMap<>();
        for (JsonNode job : jobNodes) {
            String name = named(job, "job", errors);
            if (jobs.put(name, job) != null) {
                errors.add("job '" + name + "' is declared more than once");
            }
            unknownKeys(job, JOB_KEYS, "job '" + name + "'", errors);
            if (!job.path("plan").isArray() || job.path("plan").isEmpty()) {
                errors.add("job '" + name + "' has no plan");
            }
        }

        // resources each job gets or puts, for the `passed` rule
        Map<String, Set<String>> resourcesOfJob = new HashMap<>();
        Set<String> usedResources = new HashSet<>();
        for (JsonNode job : jobs.values()) {
            String jobName = job.path("name").asText();
            Set<String> ofJob = new HashSet<>();
            for (Step step : steps(job)) {
                if (!step.kind().equals("task")) {
                    ofJob.add(step.resource());
                    usedResources.add(step.resource());
                }
            }
            resourcesOfJob.put(jobName, ofJob);
        }
        for (String resource : resources.keySet()) {
            if (!usedResources.contains(resource)) {
                errors.add("resource '" + resource + "' is not used");
            }
        }

        Map<String, Set<String>> passedEdges = new HashMap<>();
        for (JsonNode job : jobs.values()) {
            String jobName = job.path("name").asText();
            validateSteps(job.path("plan"), "job '" + jobName + "' plan", errors);
            for (String hook : HOOKS) {
                if (job.has(hook)) {
                    validateSteps(job.get(hook), "job '" + jobName + "' " + hook, errors);
                }
            }
            Set<String> getNames = new HashSet<>();
            Set<String> artifacts = new HashSet<>();
            for (Step step : steps(job)) {
                String where = "job '" + jobName + "' " + step.kind() + " '" + step.name() + "'";
                switch (step.kind()) {
                    case "get" -> {
                        if (!getNames.add(step.name())) {
                            errors.add(where + ": the job already has a get named '" + step.name() + "'");
                        }
                        artifacts.add(step.name());
                        if (!resources.containsKey(step.resource())) {
                            errors.add(where + ": unknown resource '" + step.resource() + "'");
                        }
                        for (JsonNode passed : step.node().path("passed")) {
                            String upstream = passed.asText();
                            if (!jobs.containsKey(upstream)) {
                                errors.add(where + ": passed names unknown job '" + upstream + "'");
                            } else if (!resourcesOfJob.get(upstream).contains(step.resource())) {
                                errors.add(where + ": passed job '" + upstream + "' does not get or put resource '"
                                        + step.resource() + "'");
                            }
                            passedEdges.computeIfAbsent(jobName, k -> new HashSet<>()).add(upstream);
                        }
                    }
                    case "put" -> {
                        if (!resources.containsKey(step.resource())) {
                            errors.add(where + ": unknown resource '" + step.resource() + "'");
                        }
                        if (!step.node().path("no_get").asBoolean(false)) {
                            artifacts.add(step.name());
                        }
                    }
                    case "task" -> validateTaskStep(step, resources, artifacts, repoRoot, where, errors);
                    default -> throw new IllegalStateException(step.kind());
                }
            }
        }
        cycles(passedEdges, errors);
        validateGroups(pipeline.path("groups"), jobs.keySet(), errors);
        return errors;
    }

    private static void validateSteps(JsonNode steps, String where, List<String> errors) {
        if (!steps.isArray()) {
            errors.add(where + ": steps must be a list");
            return;
        }
        for (JsonNode step : steps) {
            validateStep(step, where, errors);
        }
    }

    /** One step: exactly one step kind, only its keys and the modifiers, and the modifiers' values. */
    private static void validateStep(JsonNode step, String where, List<String> errors) {
        if (!step.isObject()) {
            errors.add(where + ": a step is not a mapping");
            return;
        }
        List<String> kinds = new ArrayList<>();
        for (String kind : STEP_KEYS.keySet()) {
            if (step.has(kind)) {
                kinds.add(kind);
            }
        }
        if (step.has("aggregate")) {
            return; // reported once by findKey
        }
        if (kinds.size() != 1) {
            errors.add(where + ": a step must be exactly one of " + new TreeSet<>(STEP_KEYS.keySet())
                    + ", this one has " + kinds + " (keys " + fieldNames(step) + ")");
            return;
        }
        String kind = kinds.get(0);
        String here = where + " > " + kind + " '" + (step.get(kind).isTextual() ? step.get(kind).asText() : "...") + "'";
        Set<String> allowed = new HashSet<>(STEP_KEYS.get(kind));
        allowed.addAll(MODIFIER_KEYS);
        unknownKeys(step, allowed, here, errors);
        checkDuration(step, "timeout", here, errors);
        if (step.has("attempts") && (!step.get("attempts").canConvertToInt() || step.get("attempts").asInt() < 1)) {
            errors.add(here + ": attempts must be a whole number above 0");
        }
        if (kind.equals("get") || kind.equals("put") || kind.equals("task")) {
            if (step.get(kind).asText().isEmpty()) {
                errors.add(here + ": the step has no name");
            } else if (!IDENTIFIER.matcher(step.get(kind).asText()).matches()) {
                errors.add(here + ": name is not an identifier (lower case letters, digits, '-', '_', '.')");
            }
        }
        if (kind.equals("in_parallel")) {
            JsonNode parallel = step.get("in_parallel");
            if (parallel.isObject()) {
                unknownKeys(parallel, Set.of("steps", "limit", "fail_fast"), here, errors);
                validateSteps(parallel.path("steps"), here, errors);
            } else {
                validateSteps(parallel, here, errors);
            }
        }
        if (kind.equals("do")) {
            validateSteps(step.get("do"), here, errors);
        }
        if (kind.equals("try")) {
            validateStep(step.get("try"), here, errors);
        }
        for (String hook : HOOKS) {
            if (step.has(hook)) {
                validateStep(step.get(hook), here + " " + hook, errors);
            }
        }
    }

    private static void validateTaskStep(Step step, Map<String, JsonNode> resources, Set<String> artifacts,
                                         Path repoRoot, String where, List<String> errors) {
        JsonNode node = step.node();
        boolean hasFile = node.hasNonNull("file");
        boolean hasConfig = node.hasNonNull("config");
        JsonNode config = null;
        if (hasFile == hasConfig) {
            errors.add(where + ": a task needs exactly one of file and config");
        } else if (hasConfig) {
            config = node.get("config");
            errors.addAll(validateTaskConfig(config, where + " config", repoRoot));
        } else {
            String file = node.get("file").asText();
            int slash = file.indexOf('/');
            String artifact = slash > 0 ? file.substring(0, slash) : "";
            if (!artifacts.contains(artifact)) {
                errors.add(where + ": file " + file + " starts with '" + artifact
                        + "', which no earlier step of the job provides");
            } else if (!resources.containsKey(artifact) || !"git".equals(resources.get(artifact).path("type").asText())) {
                errors.add(where + ": file " + file + " must come from this repository's git resource");
            } else {
                Path taskFile = repoRoot.resolve(file.substring(slash + 1));
                if (!Files.isRegularFile(taskFile)) {
                    errors.add(where + ": task file " + file + " is not in the repository ("
                            + repoRoot.relativize(taskFile) + ")");
                } else {
                    config = readYaml(taskFile);
                    errors.addAll(validateTaskConfig(config, "task file " + repoRoot.relativize(taskFile), repoRoot));
                    Set<String> declared = new HashSet<>(fieldNames(config.path("params")));
                    for (String param : fieldNames(node.path("params"))) {
                        if (!declared.contains(param)) {
                            errors.add(where + ": param " + param + " is not declared in " + file);
                        }
                    }
                }
            }
        }
        if (config != null && config.isObject()) {
            JsonNode inputMapping = node.path("input_mapping");
            for (JsonNode input : config.path("inputs")) {
                String name = input.path("name").asText();
                String artifact = inputMapping.has(name) ? inputMapping.get(name).asText() : name;
                if (!input.path("optional").asBoolean(false) && !artifacts.contains(artifact)) {
                    errors.add(where + ": input '" + name + "' is not provided by an earlier step of the job");
                }
            }
            JsonNode outputMapping = node.path("output_mapping");
            for (JsonNode output : config.path("outputs")) {
                String name = output.path("name").asText();
                artifacts.add(outputMapping.has(name) ? outputMapping.get(name).asText() : name);
            }
        }
    }

    /**
     * A task config (a task file, or a step's inline config): platform required, only known keys, and a
     * run.path that, when it starts with an input's name, is an executable file of the repository.
     */
    static List<String> validateTaskConfig(JsonNode config, String where, Path repoRoot) {
        List<String> errors = new ArrayList<>();
        if (!config.isObject()) {
            errors.add(where + ": a task config must be a mapping");
            return errors;
        }
        unknownKeys(config, TASK_CONFIG_KEYS, where, errors);
        if (config.path("platform").asText().isEmpty()) {
            errors.add(where + ": missing platform");
        }
        if (config.has("image_resource")) {
            JsonNode image = config.get("image_resource");
            unknownKeys(image, IMAGE_RESOURCE_KEYS, where + " image_resource", errors);
            if (image.path("type").asText().isEmpty() || !image.path("source").isObject()) {
                errors.add(where + ": image_resource needs a type and a source");
            }
        }
        Set<String> inputs = new LinkedHashSet<>();
        for (JsonNode input : list(config, "inputs", where, errors)) {
            unknownKeys(input, INPUT_KEYS, where + " input", errors);
            String name = input.path("name").asText();
            if (name.isEmpty()) {
                errors.add(where + ": an input has no name");
            } else if (!inputs.add(name)) {
                errors.add(where + ": input '" + name + "' is declared more than once");
            }
        }
        for (JsonNode output : list(config, "outputs", where, errors)) {
            unknownKeys(output, OUTPUT_KEYS, where + " output", errors);
            if (output.path("name").asText().isEmpty()) {
                errors.add(where + ": an output has no name");
            }
        }
        for (JsonNode cache : list(config, "caches", where, errors)) {
            unknownKeys(cache, CACHE_KEYS, where + " cache", errors);
            if (cache.path("path").asText().isEmpty()) {
                errors.add(where + ": a cache has no path");
            }
        }
        if (config.has("params") && !config.get("params").isObject()) {
            errors.add(where + ": params must be a mapping");
        }
        JsonNode run = config.path("run");
        if (!run.isObject() || run.path("path").asText().isEmpty()) {
            errors.add(where + ": missing run.path");
            return errors;
        }
        unknownKeys(run, RUN_KEYS, where + " run", errors);
        String path = run.get("path").asText();
        int slash = path.indexOf('/');
        if (slash > 0 && inputs.contains(path.substring(0, slash))) {
            Path script = repoRoot.resolve(path.substring(slash + 1));
            if (!Files.isRegularFile(script)) {
                errors.add(where + ": run.path " + path + " is not in the repository");
            } else if (!ownerExecutable(script)) {
                errors.add(where + ": run.path " + path + " is not executable (chmod +x, and commit the mode)");
            }
        }
        return errors;
    }

    /** The script a task config runs, when its run.path is a file of the repository (else null). */
    static Path script(JsonNode config, Path repoRoot) {
        String path = config.path("run").path("path").asText();
        int slash = path.indexOf('/');
        return slash > 0 ? repoRoot.resolve(path.substring(slash + 1)) : null;
    }

    /** Names of the ((vars)) used in any value or key of a YAML tree: ((a.b)) is var a, ((src:a)) is a. */
    static Set<String> varsUsed(JsonNode node) {
        Set<String> vars = new TreeSet<>();
        collectVars(node, vars);
        return vars;
    }

    static Set<String> varsIn(String text) {
        Set<String> vars = new TreeSet<>();
        Matcher m = VAR.matcher(text);
        while (m.find()) {
            String ref = m.group(1).trim().replace("\"", "");
            int colon = ref.indexOf(':');
            String path = colon >= 0 ? ref.substring(colon + 1) : ref;
            int dot = path.indexOf('.');
            vars.add(dot >= 0 ? path.substring(0, dot) : path);
        }
        return vars;
    }

    private static void collectVars(JsonNode node, Set<String> into) {
        if (node.isTextual()) {
            into.addAll(varsIn(node.asText()));
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            into.addAll(varsIn(field.getKey()));
            collectVars(field.getValue(), into);
        }
        if (node.isArray()) {
            node.forEach(child -> collectVars(child, into));
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String named(JsonNode node, String what, List<String> errors) {
        String name = node.path("name").asText();
        if (name.isEmpty()) {
            errors.add("a " + what + " has no name");
        } else if (!IDENTIFIER.matcher(name).matches()) {
            errors.add(what + " '" + name + "': name is not an identifier (lower case letters, digits, '-', '_', '.')");
        }
        return name;
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String where, List<String> errors) {
        for (String key : fieldNames(node)) {
            if (!allowed.contains(key) && !key.equals("aggregate")) {
                errors.add(where + ": unknown key '" + key + "'");
            }
        }
    }

    private static void findKey(JsonNode node, String key, String where, List<String> errors) {
        if (node.isObject()) {
            if (node.has(key)) {
                errors.add(where + ": '" + key + "' is gone since Concourse v7 (use in_parallel)");
            }
            node.fields().forEachRemaining(f -> findKey(f.getValue(), key, where + " > " + f.getKey(), errors));
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode child : node) {
                findKey(child, key, where + "[" + i++ + "]", errors);
            }
        }
    }

    private static void checkDuration(JsonNode node, String key, String where, List<String> errors) {
        if (node.has(key) && !node.get(key).asText().equals("never")
                && !DURATION.matcher(node.get(key).asText()).matches()) {
            errors.add(where + ": " + key + " '" + node.get(key).asText() + "' is not a duration (e.g. 10m, 1h30m)");
        }
    }

    private static Iterable<JsonNode> list(JsonNode config, String key, String where, List<String> errors) {
        JsonNode value = config.path(key);
        if (!value.isMissingNode() && !value.isNull() && !value.isArray()) {
            errors.add(where + ": " + key + " must be a list");
            return List.of();
        }
        return value;
    }

    private static void cycles(Map<String, Set<String>> edges, List<String> errors) {
        Set<String> done = new HashSet<>();
        for (String job : new TreeSet<>(edges.keySet())) {
            List<String> trail = new ArrayList<>();
            if (cycleFrom(job, edges, trail, new HashSet<>(), done)) {
                errors.add("jobs form a cycle through passed: " + String.join(" -> ", trail));
                return;
            }
        }
    }

    private static boolean cycleFrom(String job, Map<String, Set<String>> edges, List<String> trail,
                                     Set<String> onTrail, Set<String> done) {
        trail.add(job);
        if (!onTrail.add(job)) {
            return true;
        }
        if (!done.contains(job)) {
            for (String upstream : new TreeSet<>(edges.getOrDefault(job, Set.of()))) {
                if (cycleFrom(upstream, edges, trail, onTrail, done)) {
                    return true;
                }
            }
            done.add(job);
        }
        onTrail.remove(job);
        trail.remove(trail.size() - 1);
        return false;
    }

    private static void validateGroups(JsonNode groups, Set<String> jobs, List<String> errors) {
        if (!groups.isArray() || groups.isEmpty()) {
            return;
        }
        Set<String> names = new HashSet<>();
        Set<String> grouped = new HashSet<>();
        for (JsonNode group : groups) {
            String name = named(group, "group", errors);
            unknownKeys(group, GROUP_KEYS, "group '" + name + "'", errors);
            if (!names.add(name)) {
                errors.add("group '" + name + "' is declared more than once");
            }
            for (JsonNode glob : group.path("jobs")) {
                Pattern pattern = Pattern.compile(Pattern.quote(glob.asText()).replace("*", "\\E.*\\Q"));
                List<String> matched = jobs.stream().filter(j -> pattern.matcher(j).matches()).toList();
                if (matched.isEmpty()) {
                    errors.add("group '" + name + "': '" + glob.asText() + "' matches no job");
                }
                grouped.addAll(matched);
            }
        }
        for (String job : jobs) {
            if (!grouped.contains(job)) {
                errors.add("job '" + job + "' is in no group");
            }
        }
    }

    private static boolean ownerExecutable(Path file) {
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isExecutable(file);
        }
    }
}
