package io.cfkit.cfdeploy.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code fly validate-pipeline} rejects (Concourse's atc/configvalidate), which cannot run here, plus
 * what fly never reads: the task files the steps name, their scripts, and the folders each script uses.
 * Task files are looked up in the repository as the path after the input's name
 * ({@code kit/ci-tasks/x.yml} is {@code ci-tasks/x.yml} of the repository).
 */
public final class PipelineValidator {

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
    static final List<String> HOOKS = List.of("on_success", "on_failure", "on_abort", "on_error", "ensure");
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
    private static final Set<String> TASK_CONFIG_KEYS = Set.of(
            "platform", "image_resource", "inputs", "outputs", "caches", "params", "run", "container_limits",
            "rootfs_uri");
    private static final Set<String> IMAGE_RESOURCE_KEYS = Set.of("type", "source", "params", "version");
    private static final Set<String> INPUT_KEYS = Set.of("name", "path", "optional");
    private static final Set<String> OUTPUT_KEYS = Set.of("name", "path");
    private static final Set<String> CACHE_KEYS = Set.of("path");
    private static final Set<String> RUN_KEYS = Set.of("path", "args", "dir", "user");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9\\-_.]*");
    private static final Pattern DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");
    /** How the kit's task scripts name their task folders: work="$PWD", then "$work/<input or output>". */
    private static final Pattern SCRIPT_FOLDER = Pattern.compile("\\$\\{?work}?/([A-Za-z0-9_.-]+)");

    private final Path repository;

    /** REPOSITORY: the checkout the pipeline's git resource clones, where task files and scripts are. */
    public PipelineValidator(Path repository) {
        this.repository = repository;
    }

    /** Every problem of PIPELINE; with STRICT, also every ((var)) that VARS neither sets nor declares. */
    public List<Problem> validate(YamlFile pipeline, PipelineVars vars, boolean strict) {
        List<Problem> problems = new Check(pipeline).run();
        if (strict) {
            for (String name : PipelineVars.namesIn(pipeline.root())) {
                if (!vars.defines(name)) {
                    problems.add(new Problem(pipeline.name(), lineOf(pipeline, name), "undefined-var",
                            "((" + name + ")) is in no vars file: give it a value, or declare it for the credential"
                                    + " manager with a comment line '#   ((" + name + "))  what it is'", false));
                }
            }
        }
        return problems;
    }

    /** Problems that fail validation: errors, and warnings too when STRICT. */
    public static List<Problem> failing(List<Problem> problems, boolean strict) {
        return problems.stream().filter(p -> strict || !p.warning()).toList();
    }

    /** The line of the first value that names var NAME, in file order. */
    private static int lineOf(YamlFile file, String name) {
        return firstWithVar(file.root(), name).map(file::line).orElse(0);
    }

    private static Optional<JsonNode> firstWithVar(JsonNode node, String name) {
        if (node.isTextual()) {
            return PipelineVars.namesIn(node.asText()).contains(name) ? Optional.of(node) : Optional.empty();
        }
        for (JsonNode child : node) {
            Optional<JsonNode> found = firstWithVar(child, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** A get, put or task step of a job's plan, hooks included. */
    public record Step(String kind, String name, String job, JsonNode node) {

        /** For get and put: the resource the step names. */
        public String resource() {
            return node.hasNonNull("resource") ? node.get("resource").asText() : name;
        }
    }

    /** Every get, put and task step of a job, in plan order (hooks after their step). */
    public static List<Step> steps(JsonNode job) {
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

    /** The task file a step's {@code file:} names, in the repository: kit/ci-tasks/x.yml is ci-tasks/x.yml. */
    public Path taskFile(String file) {
        return repository.resolve(file.substring(file.indexOf('/') + 1));
    }

    /** One validation of one pipeline file. */
    private final class Check {
        private final YamlFile file;
        private final List<Problem> problems = new ArrayList<>();
        private final Map<String, YamlFile> taskFiles = new HashMap<>();

        Check(YamlFile file) {
            this.file = file;
        }

        /** In a pipeline an unknown key is a warning, which --strict rejects (in a task config, an error). */
        private void unknownKeys(YamlFile in, JsonNode node, Set<String> allowed, String where) {
            PipelineValidator.unknownKeys(in, node, allowed, where, problems, true);
        }

        private void error(JsonNode at, String rule, String message) {
            problems.add(Problem.error(file, at, rule, message));
        }

        List<Problem> run() {
            JsonNode pipeline = file.root();
            if (!pipeline.isObject()) {
                error(pipeline, "not-a-mapping", "the pipeline is not a YAML mapping of groups, resources and jobs");
                return problems;
            }
            unknownKeys(file, pipeline, TOP_LEVEL_KEYS, "pipeline");

            Set<String> resourceTypes = new HashSet<>();
            for (JsonNode type : pipeline.path("resource_types")) {
                String name = named(type, "resource type");
                unknownKeys(file, type, RESOURCE_TYPE_KEYS, "resource type '" + name + "'");
                if (!resourceTypes.add(name)) {
                    error(type, "duplicate-name", "resource type '" + name + "' is declared more than once");
                }
            }

            Map<String, JsonNode> resources = new LinkedHashMap<>();
            for (JsonNode resource : pipeline.path("resources")) {
                String name = named(resource, "resource");
                unknownKeys(file, resource, RESOURCE_KEYS, "resource '" + name + "'");
                if (resources.put(name, resource) != null) {
                    error(resource, "duplicate-name", "resource '" + name + "' is declared more than once");
                }
                if (resource.path("type").asText().isEmpty()) {
                    error(resource, "resource-type", "resource '" + name + "' has no type");
                }
                checkDuration(resource, "check_every", "resource '" + name + "'");
            }

            JsonNode jobNodes = pipeline.path("jobs");
            if (!jobNodes.isArray() || jobNodes.isEmpty()) {
                error(pipeline, "no-jobs", "the pipeline has no jobs");
                return problems;
            }
            Map<String, JsonNode> jobs = new LinkedHashMap<>();
            for (JsonNode job : jobNodes) {
                String name = named(job, "job");
                if (jobs.put(name, job) != null) {
                    error(job, "duplicate-name", "job '" + name + "' is declared more than once");
                }
                unknownKeys(file, job, JOB_KEYS, "job '" + name + "'");
                if (!job.path("plan").isArray() || job.path("plan").isEmpty()) {
                    error(job, "no-plan", "job '" + name + "' has no plan");
                }
            }

            Map<String, Set<String>> resourcesOfJob = new HashMap<>();
            Set<String> used = new HashSet<>();
            for (JsonNode job : jobs.values()) {
                Set<String> ofJob = new HashSet<>();
                for (Step step : steps(job)) {
                    if (!step.kind().equals("task")) {
                        ofJob.add(step.resource());
                        used.add(step.resource());
                    }
                }
                resourcesOfJob.put(job.path("name").asText(), ofJob);
            }
            resources.forEach((name, resource) -> {
                if (!used.contains(name)) {
                    error(resource, "unused-resource", "resource '" + name + "' is not used: no get or put names"
                            + " it; remove it or use it");
                }
            });

            Map<String, Set<String>> passedEdges = new HashMap<>();
            for (JsonNode job : jobs.values()) {
                String jobName = job.path("name").asText();
                validateSteps(job.path("plan"), "job '" + jobName + "' plan");
                for (String hook : HOOKS) {
                    if (job.has(hook)) {
                        validateStep(job.get(hook), "job '" + jobName + "' " + hook);
                    }
                }
                Set<String> getNames = new HashSet<>();
                Set<String> artifacts = new HashSet<>();
                for (Step step : steps(job)) {
                    String where = "job '" + jobName + "' " + step.kind() + " '" + step.name() + "'";
                    JsonNode at = step.node();
                    switch (step.kind()) {
                        case "get" -> {
                            if (!getNames.add(step.name())) {
                                error(at, "duplicate-get", where + ": the job already has a get named '"
                                        + step.name() + "'");
                            }
                            artifacts.add(step.name());
                            if (!resources.containsKey(step.resource())) {
                                error(at, "unknown-resource", where + ": unknown resource '" + step.resource() + "'");
                            }
                            for (JsonNode passed : at.path("passed")) {
                                String upstream = passed.asText();
                                if (!jobs.containsKey(upstream)) {
                                    error(at, "passed-unknown-job", where + ": passed names job '" + upstream
                                            + "', which does not exist");
                                } else if (!resourcesOfJob.get(upstream).contains(step.resource())) {
                                    error(at, "passed-resource", where + ": passed job '" + upstream
                                            + "' does not get or put resource '" + step.resource() + "'");
                                }
                                passedEdges.computeIfAbsent(jobName, k -> new HashSet<>()).add(upstream);
                            }
                        }
                        case "put" -> {
                            if (!resources.containsKey(step.resource())) {
                                error(at, "unknown-resource", where + ": unknown resource '" + step.resource() + "'");
                            }
                            if (!at.path("no_get").asBoolean(false)) {
                                artifacts.add(step.name());
                            }
                        }
                        case "task" -> validateTaskStep(step, resources, artifacts, where);
                        default -> throw new IllegalStateException(step.kind());
                    }
                }
            }
            cycles(passedEdges, pipeline);
            validateGroups(pipeline.path("groups"), jobs.keySet());
            return problems;
        }

        private void validateSteps(JsonNode steps, String where) {
            if (!steps.isArray()) {
                error(steps, "step", where + ": steps must be a list");
                return;
            }
            steps.forEach(step -> validateStep(step, where));
        }

        private void validateStep(JsonNode step, String where) {
            if (!step.isObject()) {
                error(step, "step", where + ": a step is not a mapping");
                return;
            }
            if (step.has("aggregate")) {
                error(step, "aggregate", where + ": 'aggregate' is gone since Concourse v7 (use in_parallel)");
                return;
            }
            List<String> kinds = STEP_KEYS.keySet().stream().filter(step::has).sorted().toList();
            if (kinds.size() != 1) {
                error(step, "step", where + ": a step must be exactly one of " + new TreeSet<>(STEP_KEYS.keySet())
                        + ", this one has " + kinds);
                return;
            }
            String kind = kinds.get(0);
            String here = where + " > " + kind + " '" + (step.get(kind).isTextual() ? step.get(kind).asText() : "...")
                    + "'";
            Set<String> allowed = new HashSet<>(STEP_KEYS.get(kind));
            allowed.addAll(MODIFIER_KEYS);
            unknownKeys(file, step, allowed, here);
            checkDuration(step, "timeout", here);
            if (step.has("attempts") && (!step.get("attempts").canConvertToInt() || step.get("attempts").asInt() < 1)) {
                error(step, "attempts", here + ": attempts must be a whole number above 0");
            }
            if (kind.equals("get") || kind.equals("put") || kind.equals("task")) {
                identifier(step, step.get(kind).asText(), here);
            }
            if (kind.equals("in_parallel")) {
                JsonNode parallel = step.get("in_parallel");
                if (parallel.isObject()) {
                    unknownKeys(file, parallel, Set.of("steps", "limit", "fail_fast"), here);
                    validateSteps(parallel.path("steps"), here);
                } else {
                    validateSteps(parallel, here);
                }
            }
            if (kind.equals("do")) {
                validateSteps(step.get("do"), here);
            }
            if (kind.equals("try")) {
                validateStep(step.get("try"), here);
            }
            for (String hook : HOOKS) {
                if (step.has(hook)) {
                    validateStep(step.get(hook), here + " " + hook);
                }
            }
        }

        private void validateTaskStep(Step step, Map<String, JsonNode> resources, Set<String> artifacts,
                                      String where) {
            JsonNode node = step.node();
            boolean hasFile = node.hasNonNull("file");
            boolean hasConfig = node.hasNonNull("config");
            JsonNode config = null;
            if (hasFile == hasConfig) {
                error(node, "task-file-or-config", where + ": a task needs exactly one of file and config, this one"
                        + " has " + (hasFile ? "both" : "neither"));
            } else if (hasConfig) {
                config = node.get("config");
                problems.addAll(validateTaskConfig(file, config, where + " config"));
            } else {
                String path = node.get("file").asText();
                int slash = path.indexOf('/');
                String artifact = slash > 0 ? path.substring(0, slash) : "";
                if (!artifacts.contains(artifact)) {
                    error(node, "task-file-source", where + ": file " + path + " starts with '" + artifact
                            + "', which no earlier step of the job provides");
                } else if (!resources.containsKey(artifact)
                        || !"git".equals(resources.get(artifact).path("type").asText())) {
                    error(node, "task-file-source", where + ": file " + path
                            + " must come from the repository's git resource");
                } else {
                    Path taskPath = taskFile(path);
                    if (!Files.isRegularFile(taskPath)) {
                        error(node, "task-file-missing", where + ": task file " + path + " does not exist ("
                                + taskPath + ")");
                    } else {
                        YamlFile taskFile = taskFiles.get(path);
                        if (taskFile == null) {
                            // each task file is checked once, however many steps name it
                            taskFile = YamlFile.read(taskPath);
                            taskFiles.put(path, taskFile);
                            problems.addAll(validateTaskConfig(taskFile, taskFile.root(), "task file " + path));
                        }
                        config = taskFile.root();
                        Set<String> declared = new HashSet<>(fieldNames(config.path("params")));
                        for (String param : fieldNames(node.path("params"))) {
                            if (!declared.contains(param)) {
                                error(node.get("params"), "task-param", where + ": param " + param
                                        + " is not declared in " + path);
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
                        error(node, "task-input", where + ": input '" + name + "' is not provided by an earlier"
                                + " step of the job");
                    }
                }
                JsonNode outputMapping = node.path("output_mapping");
                for (JsonNode output : config.path("outputs")) {
                    String name = output.path("name").asText();
                    artifacts.add(outputMapping.has(name) ? outputMapping.get(name).asText() : name);
                }
            }
        }

        private void cycles(Map<String, Set<String>> edges, JsonNode pipeline) {
            Set<String> done = new HashSet<>();
            for (String job : new TreeSet<>(edges.keySet())) {
                List<String> trail = new ArrayList<>();
                if (cycleFrom(job, edges, trail, new HashSet<>(), done)) {
                    error(pipeline.path("jobs"), "passed-cycle", "jobs form a cycle through passed: "
                            + String.join(" -> ", trail));
                    return;
                }
            }
        }

        private void validateGroups(JsonNode groups, Set<String> jobs) {
            if (!groups.isArray() || groups.isEmpty()) {
                return;
            }
            Set<String> names = new HashSet<>();
            Set<String> grouped = new HashSet<>();
            for (JsonNode group : groups) {
                String name = named(group, "group");
                unknownKeys(file, group, GROUP_KEYS, "group '" + name + "'");
                if (!names.add(name)) {
                    error(group, "duplicate-name", "group '" + name + "' is declared more than once");
                }
                for (JsonNode glob : group.path("jobs")) {
                    Pattern pattern = Pattern.compile(Pattern.quote(glob.asText()).replace("*", "\\E.*\\Q"));
                    List<String> matched = jobs.stream().filter(j -> pattern.matcher(j).matches()).toList();
                    if (matched.isEmpty()) {
                        error(glob, "groups", "group '" + name + "': '" + glob.asText() + "' matches no job");
                    }
                    grouped.addAll(matched);
                }
            }
            for (String job : jobs) {
                if (!grouped.contains(job)) {
                    error(groups, "groups", "job '" + job + "' is in no group");
                }
            }
        }

        private String named(JsonNode node, String what) {
            String name = node.path("name").asText();
            if (name.isEmpty()) {
                error(node, "no-name", "a " + what + " has no name");
            } else {
                identifier(node, name, what + " '" + name + "'");
            }
            return name;
        }

        private void identifier(JsonNode at, String name, String where) {
            if (name.isEmpty()) {
                error(at, "no-name", where + ": the step has no name");
            } else if (!IDENTIFIER.matcher(name).matches()) {
                problems.add(Problem.warning(file, at, "identifier", where + ": '" + name + "' is not an identifier"
                        + " (lower case letters, digits, '-', '_', '.')"));
            }
        }

        private void checkDuration(JsonNode node, String key, String where) {
            if (node.has(key) && !node.get(key).asText().equals("never")
                    && !DURATION.matcher(node.get(key).asText()).matches()) {
                error(node, "duration", where + ": " + key + " '" + node.get(key).asText()
                        + "' is not a duration (e.g. 10m, 1h30m)");
            }
        }
    }

    /**
     * A task config (a task file, or a step's inline config): platform required, only known keys, a run.path
     * that, when it starts with an input's name, is an executable file of the repository, and every task folder
     * the script names ({@code "$work/NAME"}) an input, output or cache of the task.
     */
    public List<Problem> validateTaskConfig(YamlFile file, JsonNode config, String where) {
        List<Problem> problems = new ArrayList<>();
        if (!config.isObject()) {
            problems.add(Problem.error(file, config, "task-config", where + ": a task config must be a mapping"));
            return problems;
        }
        for (String key : fieldNames(config)) {
            if (!TASK_CONFIG_KEYS.contains(key)) {
                problems.add(Problem.error(file, config, "task-config", where + ": unknown key '" + key + "'"));
            }
        }
        if (config.path("platform").asText().isEmpty()) {
            problems.add(Problem.error(file, config, "task-config", where + ": missing platform"));
        }
        if (config.has("image_resource")) {
            JsonNode image = config.get("image_resource");
            unknownKeys(file, image, IMAGE_RESOURCE_KEYS, where + " image_resource", problems, false);
            if (image.path("type").asText().isEmpty() || !image.path("source").isObject()) {
                problems.add(Problem.error(file, image, "task-config", where + ": image_resource needs a type and a source"));
            }
        }
        Set<String> folders = new LinkedHashSet<>();
        Set<String> inputs = new LinkedHashSet<>();
        for (JsonNode input : list(file, config, "inputs", where, problems)) {
            unknownKeys(file, input, INPUT_KEYS, where + " input", problems, false);
            String name = input.path("name").asText();
            if (name.isEmpty()) {
                problems.add(Problem.error(file, input, "task-config", where + ": an input has no name"));
            } else if (!inputs.add(name)) {
                problems.add(Problem.error(file, input, "task-config", where + ": input '" + name
                        + "' is declared more than once"));
            }
            folders.add(input.path("path").asText(name));
        }
        for (JsonNode output : list(file, config, "outputs", where, problems)) {
            unknownKeys(file, output, OUTPUT_KEYS, where + " output", problems, false);
            if (output.path("name").asText().isEmpty()) {
                problems.add(Problem.error(file, output, "task-config", where + ": an output has no name"));
            }
            folders.add(output.path("path").asText(output.path("name").asText()));
        }
        for (JsonNode cache : list(file, config, "caches", where, problems)) {
            unknownKeys(file, cache, CACHE_KEYS, where + " cache", problems, false);
            if (cache.path("path").asText().isEmpty()) {
                problems.add(Problem.error(file, cache, "task-config", where + ": a cache has no path"));
            }
            folders.add(cache.path("path").asText());
        }
        if (config.has("params") && !config.get("params").isObject()) {
            problems.add(Problem.error(file, config.get("params"), "task-config", where + ": params must be a mapping"));
        }
        JsonNode run = config.path("run");
        if (!run.isObject() || run.path("path").asText().isEmpty()) {
            problems.add(Problem.error(file, config, "task-config", where + ": missing run.path"));
            return problems;
        }
        unknownKeys(file, run, RUN_KEYS, where + " run", problems, false);
        String path = run.get("path").asText();
        int slash = path.indexOf('/');
        if (slash > 0 && inputs.contains(path.substring(0, slash))) {
            Path script = repository.resolve(path.substring(slash + 1));
            if (!Files.isRegularFile(script)) {
                problems.add(Problem.error(file, run, "script-missing", where + ": run.path " + path
                        + " does not exist (" + script + ")"));
            } else if (!ownerExecutable(script)) {
                problems.add(Problem.error(file, run, "script-not-executable", where + ": run.path " + path
                        + " is not executable (chmod +x, and commit the mode)"));
            } else {
                for (String folder : scriptFolders(script)) {
                    if (!folders.contains(folder)) {
                        problems.add(Problem.error(file, config, "script-folder", where + ": " + path + " uses \"$work/"
                                + folder + "\", which is no input, output or cache of the task"));
                    }
                }
            }
        }
        return problems;
    }

    /** The task folders a script names as "$work/NAME". */
    static Set<String> scriptFolders(Path script) {
        Set<String> folders = new TreeSet<>();
        try {
            Matcher m = SCRIPT_FOLDER.matcher(Files.readString(script));
            while (m.find()) {
                folders.add(m.group(1));
            }
        } catch (IOException e) {
            // reported as script-missing by the caller's checks
        }
        return folders;
    }

    /** The script a task config runs, when its run.path is a file of the repository (else null). */
    public Path script(JsonNode config) {
        String path = config.path("run").path("path").asText();
        int slash = path.indexOf('/');
        return slash > 0 ? repository.resolve(path.substring(slash + 1)) : null;
    }

    public static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void unknownKeys(YamlFile file, JsonNode node, Set<String> allowed, String where,
                                    List<Problem> into, boolean warning) {
        for (String key : fieldNames(node)) {
            if (!allowed.contains(key) && !key.equals("aggregate")) {
                Problem p = new Problem(file.name(), file.line(node), "unknown-key", where + ": unknown key '" + key
                        + "'", warning);
                into.add(p);
            }
        }
    }

    private static Iterable<JsonNode> list(YamlFile file, JsonNode config, String key, String where,
                                           List<Problem> problems) {
        JsonNode value = config.path(key);
        if (!value.isMissingNode() && !value.isNull() && !value.isArray()) {
            problems.add(Problem.error(file, value, "task-config", where + ": " + key + " must be a list"));
            return List.of();
        }
        return value;
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

    private static boolean ownerExecutable(Path file) {
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isExecutable(file);
        }
    }
}
