package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local platform's staging, as {@code cf push} uploads the bits: an app's jar is copied into the state
 * folder when the app is started or pushed, and its instances run the copy. A jar rebuilt while the kit runs
 * (a running JVM reads classes from its jar lazily) then breaks nothing, and restarts run what was pushed.
 *
 * <p>A Spring Boot jar is staged as the folder of its {@link ClassDataArchives} entry instead, {@code app/} and
 * {@code app.jsa}, hard-linked where the file system allows and else copied with their times: the archive accepts
 * only jars of the times it was made with. Its instances run {@code app/<jar>} from their working folder, where
 * {@code app} leads to the droplet's, as the archive's class path was recorded.
 */
final class Droplets {

    private Droplets() {
    }

    /** The manifest with its path pointing at a fresh copy of its jar, or of its extracted and trained form. */
    static AppManifest stage(StateDir state, AppManifest app, ClassDataArchives archives) {
        if (app.path() == null) {
            return app;
        }
        Path jar = Path.of(app.path());
        if (!Files.isRegularFile(jar)) {
            throw new UserError("the jar of " + app.name() + " does not exist: " + app.path()
                    + " (build it, or give the path of one that does)");
        }
        String name = app.name() + "-" + System.currentTimeMillis();
        try {
            Files.createDirectories(state.droplets());
            Optional<Path> entry = archives.entryFor(app);
            if (entry.isEmpty()) {
                Path droplet = state.droplets().resolve(name + ".jar");
                Files.copy(jar, droplet, StandardCopyOption.REPLACE_EXISTING);
                return withPath(app, droplet);
            }
            Path droplet = state.droplets().resolve(name);
            try (Stream<Path> files = Files.walk(entry.get().resolve(ClassDataArchives.APP))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = droplet.resolve(entry.get().relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        linkOrCopy(file, target);
                    }
                }
            }
            if (Files.exists(entry.get().resolve(ClassDataArchives.ARCHIVE))) {
                linkOrCopy(entry.get().resolve(ClassDataArchives.ARCHIVE),
                        droplet.resolve(ClassDataArchives.ARCHIVE));
            }
            return withPath(app, droplet.resolve(ClassDataArchives.APP).resolve(jar.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + app.path(), e);
        }
    }

    /**
     * For a droplet with a class data sharing archive: points the instance's working folder's {@code app} at the
     * droplet's and returns the archive. Empty for a droplet that is a jar: the instance runs it by its path.
     */
    static Optional<Path> prepareWorkDir(StateDir state, AppManifest app, Path workDir) {
        if (app.path() == null || !Path.of(app.path()).startsWith(state.droplets())) {
            return Optional.empty();
        }
        Path extracted = Path.of(app.path()).getParent();
        Path archive = extracted.resolveSibling(ClassDataArchives.ARCHIVE);
        if (!extracted.getFileName().toString().equals(ClassDataArchives.APP) || !Files.isRegularFile(archive)) {
            return Optional.empty();
        }
        Path link = workDir.resolve(ClassDataArchives.APP);
        try {
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
                // the app made an app/ of its own there: leave it, and run the droplet by its path
                return Optional.empty();
            }
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, extracted);
            return Optional.of(archive);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + workDir, e);
        }
    }

    /** Removes the droplet the app ran from, once the app is deleted. */
    static void remove(StateDir state, AppManifest app) {
        if (app.path() == null || !Path.of(app.path()).startsWith(state.droplets())) {
            return;
        }
        try {
            ClassDataArchives.deleteTree(rootOf(state, Path.of(app.path())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest under another name, its droplet (if the app has one) moved to a file of that name. */
    static AppManifest rename(StateDir state, AppManifest app, String newName) {
        if (app.path() == null || !Path.of(app.path()).startsWith(state.droplets())) {
            return withName(app, newName, app.path());
        }
        Path path = Path.of(app.path());
        Path root = rootOf(state, path);
        Path renamed = state.droplets().resolve(newName + "-" + System.currentTimeMillis()
                + (Files.isDirectory(root) ? "" : ".jar"));
        try {
            Files.move(root, renamed, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename the droplet " + root, e);
        }
        return withName(app, newName, renamed.resolve(root.relativize(path).toString()).toString());
    }

    /** Forgets the droplets of an earlier run; called by {@code up} before anything runs. */
    static void clear(StateDir state) {
        try {
            ClassDataArchives.deleteTree(state.droplets());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file or folder right under the droplets folder that holds the path. */
    private static Path rootOf(StateDir state, Path path) {
        return state.droplets().resolve(state.droplets().relativize(path).getName(0));
    }

    private static void linkOrCopy(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static AppManifest withPath(AppManifest app, Path path) {
        return withName(app, app.name(), path.toString());
    }

    private static AppManifest withName(AppManifest app, String name, String path) {
        return new AppManifest(name, app.manifestFile(), path, app.command(), app.memoryMb(), app.instances(),
                app.routes(), app.env(), app.healthCheckType(), app.healthCheckEndpoint(), app.timeoutSeconds());
    }
}
