package io.cfkit.cfdeploy.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfkit.cfdeploy.ChildProcesses;
import io.cfkit.cfdeploy.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a pipeline's jobs on this machine as Concourse would: in {@code passed:} order, each get taking the version
 * that went through the jobs it names, each task in its own working directory with one folder per input and output,
 * its params as environment variables, and resources through the local stubs ({@link LocalResources}). The output
 * reads like a Concourse build log: one section per step, the job's result at the end. A failed step stops its job
 * and the jobs after it.
 */
public final class PipelineRunner {

    /** A task without a {@code timeout:} gets this long, so that no run waits forever. */
    static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofMinutes(30);
    /** How many of a failed task's last output lines the job's result repeats. */
    static final int LAST_LINES = 15;

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final JsonNode pipeline;
    private final Path store;
    private final Map<String, String> taskEnvironment;
    private final PrintWriter out;
    private final LocalResources resources;
    private final BuildHistory history;
    private final Map<String, JsonNode> jobs = new LinkedHashMap<>();
    private final Map<String, JsonNode> resourceConfigs = new LinkedHashMap<>();

    /**
     * PIPELINE with its vars applied; STORE: this pipeline's folder (builds, stored resources, caches);
     * TASK_ENVIRONMENT: what every task gets besides its params (PATH, HOME, where the local platform is).
     */
    public PipelineRunner(JsonNode pipeline, Path store, Map<String, String> taskEnvironment, PrintWriter out) {
        this.pipeline = pipeline;
        this.store = store;
        this.taskEnvironment = taskEnvironment;
        this.out = out;
        this.resources = new LocalResources(store);
        this.history = new BuildHistory(store.resolve("builds.json"));
        pipeline.path("jobs").forEach(job -> jobs.put(job.path("name").asText(), job));
        pipeline.path("resources").forEach(r -> resourceConfigs.put(r.path("name").asText(), r));
    }

    /** Where the recording stub keeps the puts to RESOURCE of the pipeline whose folder is STORE. */
    public static Path recordedPuts(Path store, String resource) {
        return LocalResources.recordOf(store, resource);
    }

    /** The jobs in {@code passed:} order (a job after every job it takes versions from), else in file order. */
    public List<String> order() {
        Set<String> ordered = new LinkedHashSet<>();
        for (String job : jobs.keySet()) {
            visit(job, ordered, new LinkedHashSet<>());
        }
        return new ArrayList<>(ordered);
    }

    private void visit(String job, Set<String> ordered, Set<String> trail) {
        if (ordered.contains(job) || !trail.add(job)) {
            return;
        }
        for (PipelineValidator.Step step : PipelineValidator.steps(jobs.get(job))) {
            step.node().path("passed").forEach(p -> {
                if (jobs.containsKey(p.asText())) {
                    visit(p.asText(), ordered, trail);
                }
            });
        }
        ordered.add(job);
    }

    /**
     * Runs JOB alone, or (when empty) every job a new version triggers, in passed: order; jobs whose gets all
     * have {@code trigger: false} are left for a run with --job, as Concourse leaves them for a click.
     */
    public void run(Optional<String> job) {
        if (job.isPresent()) {
            if (!jobs.containsKey(job.get())) {
                throw new UserError("no job '" + job.get() + "' in the pipeline: its jobs are "
                        + String.join(", ", jobs.keySet()));
            }
            runJob(job.get(), List.of());
            return;
        }
        List<String> order = order();
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            if (!triggered(jobs.get(name))) {
                out.println("==> " + name + ": not triggered (no get with trigger: true); run it with --job " + name);
                continue;
            }
            runJob(name, order.subList(i + 1, order.size()).stream().filter(j -> triggered(jobs.get(j))).toList());
        }
    }

    private static boolean triggered(JsonNode job) {
        return PipelineValidator.steps(job).stream()
                .anyMatch(s -> s.kind().equals("get") && s.node().path("trigger").asBoolean(false));
    }

    private void runJob(String name, List<String> after) {
        JsonNode job = jobs.get(name);
        int number = history.nextNumber(name);
        out.println("==> " + name + " #" + number);
        out.flush();
        Build build = new Build(name, number, store.resolve("builds").resolve(name + "-" + number));
        StepFailed failure = new StepFailed("stopped", List.of());
        try {
            build.runSteps(job.path("plan"));
            failure = null;
            hook(build, job, "on_success");
        } catch (StepFailed e) {
            failure = e;
            hook(build, job, "on_failure");
        } finally {
            hook(build, job, "ensure");
            history.record(name, number, failure == null, build.versions);
            build.delete();
        }
        if (failure == null) {
            out.println("==> " + name + " #" + number + " succeeded");
            out.flush();
            return;
        }
        out.println("==> " + name + " #" + number + " failed: " + failure.getMessage());
        if (!failure.lastLines.isEmpty()) {
            out.println("    its last lines:");
            failure.lastLines.forEach(line -> out.println("    | " + line));
        }
        if (!after.isEmpty()) {
            out.println("==> not run: " + String.join(", ", after));
        }
        out.flush();
        throw new UserError("job " + name + " failed: " + failure.getMessage()
                + (after.isEmpty() ? "" : "; the jobs after it were not run"));
    }

    private void hook(Build build, JsonNode node, String hook) {
        if (node.has(hook)) {
            try {
                build.runStep(node.get(hook));
            } catch (StepFailed e) {
                out.println("    " + hook + " hook failed: " + e.getMessage());
            }
        }
    }

    /** A step that failed: why, and the last lines of a task's output. */
    private static final class StepFailed extends Exception {
        private final List<String> lastLines;

        StepFailed(String message, List<String> lastLines) {
            super(message);
            this.lastLines = lastLines;
        }
    }

    /** One build of one job: its artifacts, one folder each, and the versions it got and put. */
    private final class Build {
        private final String job;
        private final int number;
        private final Path dir;
        private final Path artifacts;
        private final Map<String, JsonNode> versions = new LinkedHashMap<>();

        Build(String job, int number, Path dir) {
            this.job = job;
            this.number = number;
            this.dir = dir;
            this.artifacts = dir.resolve("artifacts");
            delete();
            mkdirs(artifacts);
        }

        void runSteps(JsonNode steps) throws StepFailed {
            for (JsonNode step : steps) {
                runStep(step);
            }
        }

        void runStep(JsonNode step) throws StepFailed {
            int attempts = Math.max(1, step.path("attempts").asInt(1));
            for (int attempt = 1; ; attempt++) {
                try {
                    try {
                        runStepOnce(step);
                    } catch (UserError | UncheckedIOException e) {
                        throw new StepFailed(e.getMessage(), List.of());
                    }
                    hook(this, step, "on_success");
                    hook(this, step, "ensure");
                    return;
                } catch (StepFailed e) {
                    if (attempt < attempts) {
                        out.println("    attempt " + attempt + " of " + attempts + " failed: " + e.getMessage());
                        continue;
                    }
                    hook(this, step, "on_failure");
                    hook(this, step, "ensure");
                    throw e;
                }
            }
        }

        private void runStepOnce(JsonNode step) throws StepFailed {
            if (step.has("get")) {
                get(step);
            } else if (step.has("put")) {
                put(step);
            } else if (step.has("task")) {
                task(step);
            } else if (step.has("in_parallel")) {
                // one after the other here: the log stays readable, and the result is the same
                JsonNode parallel = step.get("in_parallel");
                runSteps(parallel.isObject() ? parallel.path("steps") : parallel);
            } else if (step.has("do")) {
                runSteps(step.get("do"));
            } else if (step.has("try")) {
                try {
                    runStep(step.get("try"));
                } catch (StepFailed e) {
                    out.println("    try: " + e.getMessage() + " (ignored)");
                }
            } else {
                throw new UserError("job " + job + ": the local runner runs get, put, task, in_parallel, do and try"
                        + " steps, not " + PipelineValidator.fieldNames(step));
            }
        }

        private void get(JsonNode step) throws StepFailed {
            String name = step.get("get").asText();
            String resource = step.path("resource").asText(name);
            JsonNode config = resourceConfigs.get(resource);
            out.println("--> get: " + name + " (" + config.path("type").asText() + ")");
            ResourceType type = resources.of(resource, config.path("type").asText());
            JsonNode version = chooseVersion(step, resource, type, config);
            ObjectNode request = request(config, version, step.path("params"));
            JsonNode reply = fetch(name, type, request);
            versions.put(resource, reply.path("version"));
        }

        private JsonNode chooseVersion(JsonNode step, String resource, ResourceType type, JsonNode config)
                throws StepFailed {
            if (step.path("version").isObject()) {
                return step.get("version");
            }
            List<String> passed = new ArrayList<>();
            step.path("passed").forEach(p -> passed.add(p.asText()));
            if (!passed.isEmpty()) {
                return history.passed(resource, passed).orElseThrow(() -> new StepFailed("no version of " + resource
                        + " has passed " + String.join(" and ", passed) + " yet: run "
                        + String.join(", ", passed) + " first", List.of()));
            }
            JsonNode checked = type.check(request(config, null, null));
            if (checked.isEmpty()) {
                throw new StepFailed("resource " + resource + " has no version yet", List.of());
            }
            return checked.get(checked.size() - 1);
        }

        private JsonNode fetch(String name, ResourceType type, ObjectNode request) {
            Path target = artifacts.resolve(name);
            deleteTree(target);
            mkdirs(target);
            JsonNode reply = type.in(target, request);
            out.println("    version " + reply.path("version"));
            reply.path("metadata").forEach(m -> out.println("    " + m.path("name").asText() + ": "
                    + m.path("value").asText()));
            return reply;
        }

        private void put(JsonNode step) {
            String name = step.get("put").asText();
            String resource = step.path("resource").asText(name);
            JsonNode config = resourceConfigs.get(resource);
            out.println("--> put: " + name + " (" + config.path("type").asText() + ")");
            ResourceType type = resources.of(resource, config.path("type").asText());
            JsonNode reply = type.out(artifacts, request(config, null, step.path("params")));
            out.println("    stored version " + reply.path("version"));
            versions.put(resource, reply.path("version"));
            if (!step.path("no_get").asBoolean(false)) {
                fetch(name, type, request(config, reply.path("version"), step.path("get_params")));
            }
        }

        private ObjectNode request(JsonNode config, JsonNode version, JsonNode params) {
            ObjectNode request = JsonNodeFactory.instance.objectNode();
            request.set("source", config.path("source"));
            if (version != null) {
                request.set("version", version);
            }
            if (params != null && !params.isMissingNode()) {
                request.set("params", params);
            }
            return request;
        }

        private void task(JsonNode step) throws StepFailed {
            String name = step.get("task").asText();
            out.println("--> task: " + name);
            JsonNode config = taskConfig(step);
            Path work = dir.resolve("tasks").resolve(name);
            deleteTree(work);
            mkdirs(work);
            JsonNode inputMapping = step.path("input_mapping");
            for (JsonNode input : config.path("inputs")) {
                String inputName = input.path("name").asText();
                Path artifact = artifacts.resolve(inputMapping.path(inputName).asText(inputName));
                if (!Files.isDirectory(artifact)) {
                    if (input.path("optional").asBoolean(false)) {
                        continue;
                    }
                    throw new StepFailed("task " + name + ": input '" + inputName + "' was not provided", List.of());
                }
                link(work.resolve(input.path("path").asText(inputName)), artifact);
            }
            JsonNode outputMapping = step.path("output_mapping");
            for (JsonNode output : config.path("outputs")) {
                String outputName = output.path("name").asText();
                Path artifact = artifacts.resolve(outputMapping.path(outputName).asText(outputName));
                deleteTree(artifact);
                mkdirs(artifact);
                link(work.resolve(output.path("path").asText(outputName)), artifact);
            }
            for (JsonNode cache : config.path("caches")) {
                Path kept = store.resolve("caches").resolve(job).resolve(name).resolve(cache.path("path").asText());
                mkdirs(kept);
                link(work.resolve(cache.path("path").asText()), kept);
            }

            Map<String, String> env = new LinkedHashMap<>(taskEnvironment);
            putParams(env, config.path("params"));
            putParams(env, step.path("params"));
            JsonNode run = config.path("run");
            Path cwd = work.resolve(run.path("dir").asText(""));
            String path = run.path("path").asText();
            List<String> command = new ArrayList<>();
            command.add(path.contains("/") ? cwd.resolve(path).toString() : path);
            run.path("args").forEach(a -> command.add(a.asText()));

            ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            Duration timeout = step.has("timeout") ? duration(step.get("timeout").asText()) : DEFAULT_TASK_TIMEOUT;
            out.flush();
            Process process = ChildProcesses.start(builder, "task " + name);
            try {
                process.getOutputStream().close(); // a task reads no input, as in Concourse
            } catch (IOException e) {
                // already gone: its exit status tells
            }
            Deque<String> last = new ArrayDeque<>();
            Thread pump = new Thread(() -> pumpOutput(process, last), "task " + name + " output");
            pump.start();
            boolean exited = ChildProcesses.awaitExit(process, timeout);
            try {
                pump.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<String> lastLines;
            synchronized (last) {
                lastLines = new ArrayList<>(last);
            }
            if (!exited) {
                throw new StepFailed("task " + name + " did not finish within " + step.path("timeout").asText(
                        DEFAULT_TASK_TIMEOUT.toMinutes() + "m") + ": stopped it", lastLines);
            }
            if (process.exitValue() != 0) {
                throw new StepFailed("task " + name + " exited with " + process.exitValue(), lastLines);
            }
        }

        private void pumpOutput(Process process, Deque<String> last) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (out) {
                        out.println(line);
                        out.flush();
                    }
                    synchronized (last) {
                        last.addLast(line);
                        if (last.size() > LAST_LINES) {
                            last.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // the process was killed: what it printed until then is shown
            }
        }

        /** The step's task config: inline, or the file named by {@code file:} in the artifact it starts with. */
        private JsonNode taskConfig(JsonNode step) throws StepFailed {
            if (step.has("config")) {
                return step.get("config");
            }
            String file = step.path("file").asText();
            Path path = artifacts.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new StepFailed("task file " + file + " is not in the build's artifacts", List.of());
            }
            JsonNode config = YamlFile.read(path).root();
            if (step.has("vars")) {
                PipelineVars vars = PipelineVars.of(step.get("vars"));
                config = vars.interpolate(config, file);
            }
            return config;
        }

        void delete() {
            deleteTree(dir);
        }
    }

    /** Params as Concourse passes them: strings as they are, other values as JSON, null ones not at all. */
    private static void putParams(Map<String, String> env, JsonNode params) {
        params.fields().forEachRemaining(p -> {
            JsonNode value = p.getValue();
            if (value.isNull()) {
                env.remove(p.getKey());
            } else {
                env.put(p.getKey(), value.isValueNode() ? value.asText() : value.toString());
            }
        });
    }

    /** A Go duration, as Concourse's timeout: 90s, 10m, 1h30m. */
    static Duration duration(String text) {
        Matcher m = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new UserError("timeout '" + text + "' is not a duration like 90s, 10m or 1h30m");
        }
        return total;
    }

    private static void link(Path link, Path target) {
        try {
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
