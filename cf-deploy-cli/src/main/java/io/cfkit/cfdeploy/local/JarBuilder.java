package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.ChildProcesses;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the jars that manifests name but that do not exist yet, with the kit's Maven wrapper: a jar at
 * {@code <module>/target/<name>.jar} is built from the Maven module {@code <module>}.
 */
public final class JarBuilder {

    /** A first build downloads Maven and every dependency: minutes on a slow network, never an hour. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(60);

    private final Path home;
    private final PrintWriter out;

    public JarBuilder(Path home, PrintWriter out) {
        this.home = home;
        this.out = out;
    }

    public void buildMissing(AppSet apps) {
        List<AppManifest> missing = apps.inStartOrder().stream()
                .filter(app -> app.path() != null && !Files.exists(Path.of(app.path())))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        List<String> modules = new ArrayList<>();
        for (AppManifest app : missing) {
            Path module = Path.of(app.path()).getParent().getParent();
            if (!Files.exists(module.resolve("pom.xml"))) {
                throw new UserError(app.manifestFile() + ": path " + app.path() + " does not exist and "
                        + module + " is not a Maven module to build it from: build the jar or fix the path");
            }
            modules.add(home.relativize(module).toString());
        }
        Path mvnw = home.resolve("mvnw");
        if (!Files.isExecutable(mvnw)) {
            throw new UserError("jars are missing (" + String.join(", ", modules) + ") and there is no "
                    + mvnw + " to build them: build them with Maven first");
        }
        out.println("Building " + String.join(", ", modules) + " (missing jars)...");
        out.flush();
        List<String> command = List.of(mvnw.toString(), "-B", "-q", "-DskipTests", "package", "-am", "-pl",
                String.join(",", modules));
        int exit = ChildProcesses.run(new ProcessBuilder(command).directory(home.toFile()).inheritIO(), BUILD_TIMEOUT,
                "building " + String.join(", ", modules));
        if (exit != 0) {
            throw new UserError("building " + String.join(", ", modules) + " failed (exit " + exit
                    + "): see Maven's output above");
        }
        for (AppManifest app : missing) {
            if (!Files.exists(Path.of(app.path()))) {
                throw new UserError(app.manifestFile() + ": path " + app.path()
                        + " still does not exist after the build: fix the path in the manifest");
            }
        }
    }
}
