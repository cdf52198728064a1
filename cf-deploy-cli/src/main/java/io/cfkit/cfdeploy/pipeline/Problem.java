package io.cfkit.cfdeploy.pipeline;

/**
 * One thing wrong with a pipeline or a task file: where (file and line), which rule, and what to do.
 * A warning fails validation only with {@code --strict}, as in {@code fly validate-pipeline}.
 */
public record Problem(String file, int line, String rule, String message, boolean warning) {

    static Problem error(YamlFile file, com.fasterxml.jackson.databind.JsonNode at, String rule, String message) {
        return new Problem(file.name(), file.line(at), rule, message, false);
    }

    static Problem warning(YamlFile file, com.fasterxml.jackson.databind.JsonNode at, String rule, String message) {
        return new Problem(file.name(), file.line(at), rule, message, true);
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + (warning ? "warning" : "error") + " [" + rule + "] " + message;
    }
}
