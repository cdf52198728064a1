package io.cfkit.cfdeploy.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The s3 resource's versioned files ({@code source.regexp}, the version its first group) in a folder of the
 * runner's store standing for {@code source.bucket}. {@code out} copies the one file {@code params.file} (a glob)
 * matches; {@code in} copies the version's file and writes {@code version}, as the s3 resource does.
 */
final class ArtefactStoreResource implements ResourceType {

    private final Path buckets;

    /** BUCKETS: the folder that holds one folder per bucket. */
    ArtefactStoreResource(Path buckets) {
        this.buckets = buckets;
    }

    @Override
    public JsonNode check(JsonNode request) {
        ArrayNode versions = JsonNodeFactory.instance.arrayNode();
        stored(request).forEach(path -> versions.add(JsonNodeFactory.instance.objectNode().put("path", path)));
        return versions;
    }

    @Override
    public JsonNode in(Path dir, JsonNode request) {
        String path = request.path("version").path("path").asText();
        Path file = bucket(request).resolve(path);
        if (path.isEmpty() || !Files.isRegularFile(file)) {
            throw new UserError("s3 get: the store has no file '" + path + "' in " + bucket(request));
        }
        try {
            Files.copy(file, dir.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve("version"), versionOf(request, path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reply(request, path);
    }

    @Override
    public JsonNode out(Path sources, JsonNode request) {
        String glob = request.path("params").path("file").asText();
        if (glob.isEmpty()) {
            throw new UserError("s3 put: params.file is missing");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Path> matches;
        try (Stream<Path> files = Files.walk(sources)) {
            matches = files.filter(Files::isRegularFile).map(sources::relativize).filter(matcher::matches).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (matches.size() != 1) {
            throw new UserError("s3 put: params.file " + glob + " matches " + matches.size() + " files, not one: "
                    + matches);
        }
        String regexp = request.path("source").path("regexp").asText();
        String name = matches.get(0).getFileName().toString();
        int slash = regexp.lastIndexOf('/');
        String path = (slash >= 0 ? regexp.substring(0, slash + 1) : "") + name;
        versionOf(request, path);
        Path target = bucket(request).resolve(path);
        try {
            Files.createDirectories(target.getParent());
            Files.copy(sources.resolve(matches.get(0)), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reply(request, path);
    }

    private Path bucket(JsonNode request) {
        String bucket = request.path("source").path("bucket").asText();
        if (bucket.isEmpty() || bucket.contains("/") || bucket.startsWith(".")) {
            throw new UserError("s3: source.bucket '" + bucket + "' is not a bucket name");
        }
        return buckets.resolve(bucket);
    }

    /** Stored paths matching the regexp, oldest version first. */
    private List<String> stored(JsonNode request) {
        Path bucket = bucket(request);
        if (!Files.isDirectory(bucket)) {
            return List.of();
        }
        Pattern regexp = regexp(request);
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(Files::isRegularFile).map(f -> bucket.relativize(f).toString())
                    .filter(p -> regexp.matcher(p).matches())
                    .sorted(Comparator.comparing((String p) -> versionOf(request, p), ArtefactStoreResource::compareVersions))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pattern regexp(JsonNode request) {
        String regexp = request.path("source").path("regexp").asText();
        if (regexp.isEmpty()) {
            throw new UserError("s3: source.regexp is missing");
        }
        return Pattern.compile(regexp);
    }

    private static String versionOf(JsonNode request, String path) {
        Matcher m = regexp(request).matcher(path);
        if (!m.matches() || m.groupCount() < 1) {
            throw new UserError("s3: '" + path + "' does not match source.regexp " + regexp(request).pattern());
        }
        return m.group(1);
    }

    /** 0.1.10 after 0.1.9: numbers compared as numbers. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private JsonNode reply(JsonNode request, String path) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.set("version", JsonNodeFactory.instance.objectNode().put("path", path));
        reply.set("metadata", Metadata.of("filename", Path.of(path).getFileName().toString(),
                "version", versionOf(request, path)));
        return reply;
    }
}
