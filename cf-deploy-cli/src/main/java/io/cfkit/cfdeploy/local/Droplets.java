package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The local platform's staging, as {@code cf push} uploads the bits: an app's jar is copied into the state
 * folder when the app is started or pushed, and its instances run the copy. A jar rebuilt while the kit runs
 * (a running JVM reads classes from its jar lazily) then breaks nothing, and restarts run what was pushed.
 */
final class Droplets {

    private Droplets() {
    }

    /** The manifest with its path pointing at a fresh copy of its jar. */
    static AppManifest stage(StateDir state, AppManifest app) {
        if (app.path() == null) {
            return app;
        }
        if (!Files.isRegularFile(Path.of(app.path()))) {
            throw new UserError("the jar of " + app.name() + " does not exist: " + app.path()
                    + " (build it, or give the path of one that does)");
        }
        try {
            Files.createDirectories(state.droplets());
            Path droplet = state.droplets().resolve(app.name() + "-" + System.currentTimeMillis() + ".jar");
            Files.copy(Path.of(app.path()), droplet, StandardCopyOption.REPLACE_EXISTING);
            return new AppManifest(app.name(), app.manifestFile(), droplet.toString(), app.command(), app.memoryMb(),
                    app.instances(), app.routes(), app.env(), app.healthCheckType(), app.healthCheckEndpoint(),
                    app.timeoutSeconds());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + app.path(), e);
        }
    }

    /** Removes the droplet the app ran from, once the app is deleted. */
    static void remove(StateDir state, AppManifest app) {
        if (app.path() == null || !Path.of(app.path()).startsWith(state.droplets())) {
            return;
        }
        try {
            Files.deleteIfExists(Path.of(app.path()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest under another name, its droplet (if the app has one) moved to a file of that name. */
    static AppManifest rename(StateDir state, AppManifest app, String newName) {
        String path = app.path();
        if (path != null && Path.of(path).startsWith(state.droplets())) {
            Path droplet = state.droplets().resolve(newName + "-" + System.currentTimeMillis() + ".jar");
            try {
                Files.move(Path.of(path), droplet, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rename the droplet " + path, e);
            }
            path = droplet.toString();
        }
        return new AppManifest(newName, app.manifestFile(), path, app.command(), app.memoryMb(), app.instances(),
                app.routes(), app.env(), app.healthCheckType(), app.healthCheckEndpoint(), app.timeoutSeconds());
    }

    /** Forgets the droplets of an earlier run; called by {@code up} before anything runs. */
    static void clear(StateDir state) {
        if (!Files.isDirectory(state.droplets())) {
            return;
        }
        try (Stream<Path> files = Files.walk(state.droplets())) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
