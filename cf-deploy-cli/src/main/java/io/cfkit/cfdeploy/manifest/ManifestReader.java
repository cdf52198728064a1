package io.cfkit.cfdeploy.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code cf push} manifests: substitutes vars, validates the result against the Cloud Foundry
 * application manifest schema, and checks what a platform needs beyond the schema (a name, a jar).
 */
public final class ManifestReader {

    /** CF's defaults when a manifest says nothing. */
    static final int DEFAULT_MEMORY_MB = 1024;
    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern MEMORY = Pattern.compile("(\\d+)\\s*(M|MB|G|GB)", Pattern.CASE_INSENSITIVE);
    private static final JsonSchema SCHEMA = loadSchema();

    private final Vars vars;

    public ManifestReader(Vars vars) {
        this.vars = vars;
    }

    public List<AppManifest> read(Path file) {
        String name = file.toString();
        JsonNode raw;
        try {
            raw = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ManifestError(name, "is not valid YAML: " + Vars.firstLine(e.getMessage()));
        }
        if (raw == null || raw.isMissingNode() || !raw.isObject()) {
            throw new ManifestError(name, "is not a manifest: expected a map with 'applications'");
        }
        JsonNode manifest = vars.substitute(raw, name);
        Set<ValidationMessage> problems = SCHEMA.validate(manifest);
        if (!problems.isEmpty()) {
            ValidationMessage first = problems.iterator().next();
            throw new ManifestError(name, first.getMessage()
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        List<AppManifest> apps = new ArrayList<>();
        JsonNode list = manifest.path("applications");
        for (int i = 0; i < list.size(); i++) {
            apps.add(toApp(file, "applications[" + i + "]", list.get(i)));
        }
        if (apps.isEmpty()) {
            throw new ManifestError(name, "applications: the list is empty");
        }
        return apps;
    }

    private static AppManifest toApp(Path file, String at, JsonNode app) {
        String name = file.toString();
        String appName = app.path("name").asText("");
        if (appName.isBlank()) {
            throw new ManifestError(name, at + ".name: required");
        }
        String path = app.path("path").asText(null);
        String command = app.path("command").asText(null);
        if (path == null && command == null) {
            throw new ManifestError(name, at + ".path: required (the jar to push)");
        }
        String resolved = path == null ? null
                : file.toAbsolutePath().getParent().resolve(path).normalize().toString();
        List<String> routes = new ArrayList<>();
        app.path("routes").forEach(r -> routes.add(r.path("route").asText()));
        Map<String, String> env = new LinkedHashMap<>();
        app.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        String healthType = app.path("health-check-type").asText("port");
        return new AppManifest(
                appName,
                name,
                resolved,
                command,
                memoryMb(name, at + ".memory", app.path("memory").asText(null)),
                app.path("instances").asInt(1),
                routes,
                env,
                healthType,
                app.path("health-check-http-endpoint").asText("/"),
                app.path("timeout").asInt(DEFAULT_TIMEOUT_SECONDS));
    }

    static int memoryMb(String file, String at, String memory) {
        if (memory == null) {
            return DEFAULT_MEMORY_MB;
        }
        Matcher m = MEMORY.matcher(memory.trim());
        if (!m.matches()) {
            throw new ManifestError(file, at + ": '" + memory + "' is not a size: write it like 512M or 1G");
        }
        int amount = Integer.parseInt(m.group(1));
        return m.group(2).toUpperCase(Locale.ROOT).startsWith("G") ? amount * 1024 : amount;
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = ManifestReader.class.getResourceAsStream(
                "/schemas/cloudfoundry-application-manifest.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every manifest in a folder: its YAML files except the vars files ({@code vars*.yml}). */
    public static List<Path> manifestFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new io.cfkit.cfdeploy.UserError("no manifests folder at " + folder
                    + ": run cf-deploy from the kit's top folder or pass --manifests DIR");
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().startsWith("vars"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
