package io.cfkit.cfdeploy.manifest;

import io.cfkit.cfdeploy.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The apps of every manifest in a folder, in start order: an app whose environment names another app's
 * route (its config server's URL, its Eureka URL) starts after that app.
 */
public final class AppSet {

    private final Map<String, AppManifest> byName;

    private AppSet(Map<String, AppManifest> inStartOrder) {
        this.byName = inStartOrder;
    }

    public static AppSet read(Path manifestsFolder, Vars vars) {
        ManifestReader reader = new ManifestReader(vars);
        List<AppManifest> apps = new ArrayList<>();
        for (Path file : ManifestReader.manifestFiles(manifestsFolder)) {
            apps.addAll(reader.read(file));
        }
        if (apps.isEmpty()) {
            throw new UserError("no manifests in " + manifestsFolder + ": add one per app (see manifests/ of the kit)");
        }
        return of(apps);
    }

    public static AppSet of(List<AppManifest> apps) {
        Map<String, AppManifest> byName = new LinkedHashMap<>();
        for (AppManifest app : apps) {
            AppManifest earlier = byName.put(app.name(), app);
            if (earlier != null) {
                throw new ManifestError(app.manifestFile(), "app '" + app.name() + "' is also defined in "
                        + earlier.manifestFile() + ": app names must be unique");
            }
        }
        return new AppSet(startOrder(byName));
    }

    public List<AppManifest> inStartOrder() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The app of that name; an unknown name is a user error that lists the known ones. */
    public AppManifest app(String name) {
        AppManifest app = byName.get(name);
        if (app == null) {
            throw UserError.unknownApp(name, names());
        }
        return app;
    }

    /** Names of the apps that {@code app}'s environment points at. */
    static Set<String> dependencies(AppManifest app, Iterable<AppManifest> all) {
        Set<String> deps = new LinkedHashSet<>();
        for (AppManifest other : all) {
            if (other == app) {
                continue;
            }
            for (String route : other.routes()) {
                if (app.env().values().stream().anyMatch(v -> v.contains(route))) {
                    deps.add(other.name());
                }
            }
        }
        return deps;
    }

    private static Map<String, AppManifest> startOrder(Map<String, AppManifest> byName) {
        Map<String, AppManifest> ordered = new LinkedHashMap<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (AppManifest app : byName.values()) {
            visit(app, byName, ordered, visiting);
        }
        return ordered;
    }

    private static void visit(AppManifest app, Map<String, AppManifest> all, Map<String, AppManifest> ordered,
            Set<String> visiting) {
        if (ordered.containsKey(app.name())) {
            return;
        }
        if (!visiting.add(app.name())) {
            throw new ManifestError(app.manifestFile(), "apps depend on each other in a cycle: "
                    + String.join(" -> ", visiting) + " -> " + app.name());
        }
        for (String dep : dependencies(app, all.values())) {
            visit(all.get(dep), all, ordered, visiting);
        }
        visiting.remove(app.name());
        ordered.put(app.name(), app);
    }
}
