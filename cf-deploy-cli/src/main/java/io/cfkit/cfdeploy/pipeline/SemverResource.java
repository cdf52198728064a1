package io.cfkit.cfdeploy.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The semver resource, its number kept in a file of the runner's store instead of a git branch or a bucket.
 * {@code in} writes {@code number} and {@code version} and applies {@code params.bump} (patch, minor, major) to
 * what it writes only; {@code out} stores {@code params.file}'s number, or the current one bumped.
 */
final class SemverResource implements ResourceType {

    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private final Path file;

    /** FILE: where this resource's current number is kept. */
    SemverResource(Path file) {
        this.file = file;
    }

    @Override
    public JsonNode check(JsonNode request) {
        return JsonNodeFactory.instance.arrayNode().add(version(current(request)));
    }

    @Override
    public JsonNode in(Path dir, JsonNode request) {
        String number = request.path("version").path("number").asText(current(request));
        number = bump(number, request.path("params").path("bump").asText(""));
        try {
            Files.writeString(dir.resolve("number"), number);
            Files.writeString(dir.resolve("version"), number);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reply(number);
    }

    @Override
    public JsonNode out(Path sources, JsonNode request) {
        JsonNode params = request.path("params");
        String number;
        if (params.hasNonNull("file")) {
            Path from = sources.resolve(params.get("file").asText());
            try {
                number = Files.readString(from).trim();
            } catch (IOException e) {
                throw new UserError("semver put: params.file " + params.get("file").asText() + " cannot be read");
            }
        } else {
            number = bump(current(request), params.path("bump").asText(""));
        }
        parse(number);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, number);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reply(number);
    }

    private String current(JsonNode request) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return request.path("source").path("initial_version").asText("0.0.0");
    }

    static String bump(String number, String bump) {
        Matcher m = parse(number);
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        return switch (bump) {
            case "" -> number;
            case "patch" -> major + "." + minor + "." + (patch + 1);
            case "minor" -> major + "." + (minor + 1) + ".0";
            case "major" -> (major + 1) + ".0.0";
            default -> throw new UserError("semver: bump '" + bump + "' is not supported here: use patch, minor or major");
        };
    }

    private static Matcher parse(String number) {
        Matcher m = SEMVER.matcher(number);
        if (!m.matches()) {
            throw new UserError("semver: '" + number + "' is not a version like 1.2.3");
        }
        return m;
    }

    private static JsonNode reply(String number) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.set("version", version(number));
        reply.set("metadata", Metadata.of("number", number));
        return reply;
    }

    private static ObjectNode version(String number) {
        return JsonNodeFactory.instance.objectNode().put("number", number);
    }
}
