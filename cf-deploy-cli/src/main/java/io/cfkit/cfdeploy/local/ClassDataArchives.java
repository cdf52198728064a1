package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.ChildProcesses;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Spring Boot jars, extracted and trained once per build and java, so that their instances start from a class data
 * sharing archive: about 0.55x the CPU and 0.6x the time of a start from the jar (docs/performance.md, "The
 * apps' start"). It is what a buildpack with class data sharing does at staging, kept beside the jar so that every
 * kit started from the same build (each test's, each user's {@code up}) trains it once.
 *
 * <p>An entry is {@code <the jar's folder>/cds/<jar>-<its SHA-256>-<java>/}: {@code app/}, the jar extracted by
 * Spring Boot's {@code -Djarmode=tools extract}, and {@code app.jsa}, the classes a training run loaded. The training
 * run is the app with the instance's environment and options, started with {@code -Dspring.context.exit=onRefresh}:
 * its beans are made (the config server is asked, as the kit's earlier apps already run), then it exits before any
 * server starts or anything registers. The archive records the class path as the run gave it, {@code app/<jar>}
 * relative to the entry; JDK 17 resolves that against the working folder of a JVM that maps the archive, and uses the
 * archive only where it finds jars of the same size and time there (checked by hand: a copy in another folder run by
 * its own path is refused). So instances run from a working folder whose {@code app} leads to the droplet's
 * ({@link Droplets}).
 */
final class ClassDataArchives {

    static final String APP = "app";
    static final String ARCHIVE = "app.jsa";
    /** Written last: an entry without it is a run that did not finish, and is made again. */
    private static final String READY = "ready";

    private final String javaBinary;
    private final Map<String, String> parentEnv;
    private final PrintWriter out;

    ClassDataArchives(String javaBinary, Map<String, String> parentEnv, PrintWriter out) {
        this.javaBinary = javaBinary;
        this.parentEnv = parentEnv;
        this.out = out;
    }

    /**
     * The entry of the app's jar, made if missing, with no archive when its training run failed (printed); empty
     * for a jar that is not a Spring Boot one, in a folder that cannot be written, or that could not be extracted
     * (printed): the app then starts from its jar as it is.
     */
    Optional<Path> entryFor(AppManifest app) {
        Path jar = Path.of(app.path()).toAbsolutePath();
        if (!isSpringBootJar(jar)) {
            return Optional.empty();
        }
        Path folder = jar.getParent().resolve("cds");
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            Path entry = folder.resolve(jar.getFileName() + "-" + sha256(jar).substring(0, 16) + "-" + javaKey());
            // two kits staging the same build at once: one trains, the other waits and uses it
            try (FileChannel channel = FileChannel.open(folder.resolve(entry.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                if (!Files.exists(entry.resolve(READY))) {
                    make(app, jar, entry);
                }
            }
            return Optional.of(entry);
        } catch (IOException | UncheckedIOException | UserError e) {
            out.println("  class data sharing for " + app.name() + " left out (" + e.getMessage()
                    + "): it starts from its jar");
            out.flush();
            return Optional.empty();
        }
    }

    private void make(AppManifest app, Path jar, Path entry) throws IOException {
        long started = System.nanoTime();
        deleteTree(entry);
        Files.createDirectories(entry);
        ProcessBuilder extract = new ProcessBuilder(javaBinary, "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", entry.resolve(APP).toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        int extracted = ChildProcesses.run(extract, Duration.ofMinutes(2), "extracting " + jar.getFileName());
        if (extracted != 0) {
            throw new UserError("extracting " + jar.getFileName() + " exited with " + extracted);
        }
        ProcessBuilder training = new ProcessBuilder(InstanceEnvironment.command(app, javaBinary,
                List.of("-XX:ArchiveClassesAtExit=" + ARCHIVE, "-Dspring.context.exit=onRefresh"),
                APP + "/" + jar.getFileName()))
                .directory(entry.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        training.environment().clear();
        training.environment().putAll(InstanceEnvironment.of(app, 0, UUID.randomUUID().toString(),
                Supervisor.freePort(), parentEnv));
        int trained = ChildProcesses.run(training, Duration.ofSeconds(app.timeoutSeconds()),
                "the training run of " + app.name());
        // a JVM that failed to write its archive exits non-zero too; a truncated archive crashes the JVM mapping it
        if (trained == 0 && Files.isRegularFile(entry.resolve(ARCHIVE)) && Files.size(entry.resolve(ARCHIVE)) > 0) {
            out.printf("  trained a class data sharing archive for %s in %.1f s (once per build)%n",
                    jar.getFileName(), (System.nanoTime() - started) / 1e9);
        } else {
            // JDK 17 can crash writing some apps' lambda classes (SIGSEGV in adjust_lambda_proxy_class_dictionary,
            // seen with the config server): the extracted jar alone still starts with about 0.75x the CPU
            Files.deleteIfExists(entry.resolve(ARCHIVE));
            out.printf("  no class data sharing archive for %s: its training run exited with %d; it starts from"
                    + " its extracted jar (once per build)%n", jar.getFileName(), trained);
        }
        out.flush();
        Files.createFile(entry.resolve(READY));
    }

    static boolean isSpringBootJar(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue("Spring-Boot-Version") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** The java binary an archive is made by: another JDK (or the same path updated) makes another entry. */
    private String javaKey() throws IOException {
        Path java = Path.of(javaBinary).toRealPath();
        String identity = java + ":" + Files.size(java) + ":" + Files.getLastModifiedTime(java).toMillis() + ":"
                + System.getProperty("java.vm.version");
        return HexFormat.of().formatHex(digest().digest(identity.getBytes())).substring(0, 8);
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }
}
