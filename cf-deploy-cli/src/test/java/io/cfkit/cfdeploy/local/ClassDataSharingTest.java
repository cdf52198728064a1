package io.cfkit.cfdeploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.platform.AppStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spring Boot jars start from an extracted copy with a class data sharing archive, trained once per build: a real
 * JVM writes the archive and the instances map it ({@link BootJarFixture} stands in for Spring Boot).
 */
class ClassDataSharingTest {

    @TempDir
    Path dir;

    private final StringWriter output = new StringWriter();
    private LocalPlatform platform;

    @AfterEach
    void stopEverything() {
        if (platform != null) {
            platform.down();
        }
    }

    @Test
    void aSpringBootJarIsTrainedOnceForEveryKitAndItsInstancesMapTheArchive() throws IOException {
        Path jar = bootJar();

        kit("first").up(AppSet.of(List.of(app(jar, Map.of()))));

        assertThat(output.toString()).contains("trained a class data sharing archive for web.jar");
        assertThat(mappedFiles(onlyInstancePid())).anyMatch(f -> f.startsWith(dir.resolve("first/droplets"))
                && f.getFileName().toString().equals(ClassDataArchives.ARCHIVE));

        platform.down();
        output.getBuffer().setLength(0);
        kit("second").up(AppSet.of(List.of(app(jar, Map.of()))));

        assertThat(output.toString()).doesNotContain("trained");
        assertThat(mappedFiles(onlyInstancePid())).anyMatch(f -> f.startsWith(dir.resolve("second/droplets"))
                && f.getFileName().toString().equals(ClassDataArchives.ARCHIVE));
    }

    @Test
    void aDropletCopiedToAnotherFileSystemStartsFromItsArchiveToo() throws IOException {
        // a state folder on another file system than the jar's cds folder: no hard links, copies with their times
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/dev/shm")), "needs /dev/shm, a file system of its own");
        Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "class-data-sharing-test");
        try {
            platform = new LocalPlatform(new StateDir(shm.resolve("state")), new PrintWriter(output, true));
            platform.up(AppSet.of(List.of(app(bootJar(), Map.of()))));

            Path staged = Path.of(platform.manifest("web").orElseThrow().path());
            assertThat(Files.getAttribute(staged, "unix:nlink")).isEqualTo(1);
            assertThat(mappedFiles(onlyInstancePid())).anyMatch(f -> f.startsWith(shm)
                    && f.getFileName().toString().equals(ClassDataArchives.ARCHIVE));
        } finally {
            platform.down();
            platform = null;
            ClassDataArchives.deleteTree(shm);
        }
    }

    @Test
    void aJarRebuiltWhileTheKitRunsIsTrainedAgainAndTheRunningDropletStaysAsItWas() throws IOException {
        Path jar = bootJar();
        LocalPlatform kit = kit("state");
        kit.up(AppSet.of(List.of(app(jar, Map.of()))));
        Path staged = Path.of(kit.manifest("web").orElseThrow().path());

        Files.delete(jar);
        Path rebuilt = bootJar();
        output.getBuffer().setLength(0);
        kit.push(new AppManifest("web-green", "web.yml", rebuilt.toString(), null, 64, 1, List.of(),
                Map.of("FIXTURE_NAME", "web-green", "JAVA_OPTS", "-XX:TieredStopAtLevel=1"), "http", "/health", 30));

        assertThat(output.toString()).contains("trained a class data sharing archive for web.jar");
        assertThat(Files.isRegularFile(staged)).isTrue();
        try (Stream<Path> entries = Files.list(dir.resolve("build/cds"))) {
            assertThat(entries.filter(Files::isDirectory)).hasSize(2);
        }
    }

    @Test
    void aFailedTrainingRunLeavesTheAppStartingFromItsExtractedJarWithoutAnArchive() throws IOException {
        Path jar = bootJar();

        kit("state").up(AppSet.of(List.of(app(jar, Map.of("FIXTURE_TRAINING", "fail")))));

        assertThat(output.toString()).contains("no class data sharing archive for web.jar: its training run exited"
                + " with 1");
        assertThat(platform.apps().get(0).instances().get(0).state()).isEqualTo("RUNNING");
        assertThat(mappedFiles(onlyInstancePid())).noneMatch(f -> f.getFileName().toString()
                .equals(ClassDataArchives.ARCHIVE));
        Path staged = Path.of(platform.manifest("web").orElseThrow().path());
        assertThat(staged).startsWith(dir.resolve("state/droplets"));
        assertThat(staged.getParent().getFileName()).hasToString(ClassDataArchives.APP);
    }

    @Test
    void aJarThatIsNotSpringBootsIsCopiedAsItIs() throws IOException {
        Path jar = dir.resolve("plain.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a manifest without Spring-Boot-Version is all it takes
        }

        assertThat(ClassDataArchives.isSpringBootJar(jar)).isFalse();
        assertThat(ClassDataArchives.isSpringBootJar(bootJar())).isTrue();
    }

    private LocalPlatform kit(String stateFolder) {
        platform = new LocalPlatform(new StateDir(dir.resolve(stateFolder)), new PrintWriter(output, true));
        return platform;
    }

    private static AppManifest app(Path jar, Map<String, String> env) {
        Map<String, String> withName = new java.util.HashMap<>(env);
        withName.put("FIXTURE_NAME", "web");
        withName.put("JAVA_OPTS", "-XX:TieredStopAtLevel=1");
        return new AppManifest("web", "web.yml", jar.toString(), null, 64, 1, List.of(), withName, "http", "/health",
                30);
    }

    /** The fixture classes in a jar whose manifest says Spring Boot, as a Maven build of a Boot app would. */
    private Path bootJar() throws IOException {
        Path jar = dir.resolve("build/web.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, BootJarFixture.class.getName());
        manifest.getMainAttributes().putValue("Spring-Boot-Version", "4.0.7");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Class<?> type : List.of(BootJarFixture.class, FixtureApp.class)) {
                String name = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(name));
                try (var in = type.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            // so that a rebuild differs from the build before it, as a rebuilt app's jar does
            out.putNextEntry(new JarEntry("build-time"));
            out.write(Long.toString(System.nanoTime()).getBytes());
            out.closeEntry();
        }
        return jar;
    }

    private long onlyInstancePid() {
        AppStatus web = platform.apps().stream().filter(a -> a.name().equals("web")).findFirst().orElseThrow();
        return web.instances().get(0).pid();
    }

    /** The files the process maps, as the kernel lists them. */
    private static List<Path> mappedFiles(long pid) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/maps"))) {
            return lines.map(line -> line.split("\\s+", 6)).filter(fields -> fields.length == 6
                    && fields[5].startsWith("/")).map(fields -> Path.of(fields[5].trim())).distinct().toList();
        }
    }
}
