package io.cfkit.cfdeploy.cf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.ManifestError;
import io.cfkit.cfdeploy.manifest.Vars;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The manifest the Cloud Controller applies for one app, as {@code cf push -f FILE --vars-file ...} sends it: the
 * app's entry of its manifest file with every ((var)) replaced, without {@code path} (the bits are uploaded, the
 * path means nothing to the Cloud Controller). Every other field goes as written, so the foundation sees what
 * {@code cf push} would send.
 */
public final class AppManifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Vars vars;
    private final Path folder;

    public AppManifests(Vars vars) {
        this(vars, Path.of(""));
    }

    /** Manifest files named by a relative path are read from {@code folder} (the working directory by default). */
    AppManifests(Vars vars, Path folder) {
        this.vars = vars;
        this.folder = folder;
    }

    /**
     * The app whose manifest entry {@code app} is pushed from: itself if {@code names} has it, else the app it is a
     * version of ({@code hello} for {@code hello-green}, the longest such name).
     */
    static Optional<String> versionOf(String app, Collection<String> names) {
        if (names.contains(app)) {
            return Optional.of(app);
        }
        return names.stream().filter(n -> !n.isEmpty() && app.startsWith(n + "-"))
                .max(Comparator.comparingInt(String::length));
    }

    public String applicationManifest(AppManifest app) {
        JsonNode manifest;
        try {
            manifest = vars.substitute(YAML.readTree(folder.resolve(app.manifestFile()).toFile()), app.manifestFile());
        } catch (IOException e) {
            throw new ManifestError(app.manifestFile(), "cannot be read again: " + e.getMessage());
        }
        ObjectNode only = null;
        for (JsonNode entry : manifest.path("applications")) {
            if (entry.path("name").asText().equals(app.name())) {
                only = entry.deepCopy();
            }
        }
        if (only == null) {
            only = versionOf(manifest, app);
        }
        only.remove("path");
        ObjectNode applied = JsonNodeFactory.instance.objectNode();
        applied.putArray("applications").add(only);
        try {
            return YAML.writeValueAsString(applied);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest read as YAML is written as YAML", e);
        }
    }

    /**
     * A version a rollout starts beside an app, {@code APP-VERSION}: the app's entry under the version's name, with
     * the instances, environment and routes the rollout gives it (none: {@code no-route}, so no user reaches it
     * before the gateway sends it traffic).
     */
    private static ObjectNode versionOf(JsonNode manifest, AppManifest version) {
        List<String> names = new ArrayList<>();
        manifest.path("applications").forEach(e -> names.add(e.path("name").asText()));
        String baseName = versionOf(version.name(), names).orElseThrow(() -> new ManifestError(
                version.manifestFile(), "has no app named '" + version.name() + "' any more"));
        JsonNode base = null;
        for (JsonNode entry : manifest.path("applications")) {
            if (entry.path("name").asText().equals(baseName)) {
                base = entry;
            }
        }
        ObjectNode entry = base.deepCopy();
        entry.put("name", version.name());
        entry.put("instances", version.instances());
        ObjectNode env = entry.putObject("env");
        version.env().forEach(env::put);
        entry.remove("random-route");
        if (version.routes().isEmpty()) {
            entry.remove("routes");
            entry.put("no-route", true);
        } else {
            entry.remove("no-route");
            var routes = entry.putArray("routes");
            version.routes().forEach(r -> routes.addObject().put("route", r));
        }
        return entry;
    }
}
