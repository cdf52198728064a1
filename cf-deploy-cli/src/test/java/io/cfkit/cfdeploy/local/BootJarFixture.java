package io.cfkit.cfdeploy.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * What the local platform expects of a Spring Boot jar, in a few lines: {@code -Djarmode=tools extract --destination
 * D} lays the jar out as Spring Boot's tools do ({@code D/<jar>} naming {@code lib/} jars in its {@code Class-Path}:
 * here {@link FixtureApp} in {@code lib/fixture-app.jar}), and a run with {@code -Dspring.context.exit=onRefresh} (a
 * training run) loads the app's classes and exits, with status 1 when FIXTURE_TRAINING is {@code fail}. Otherwise
 * it is {@link FixtureApp}.
 */
public final class BootJarFixture {

    public static void main(String[] args) throws Exception {
        if ("tools".equals(System.getProperty("jarmode"))) {
            Path jar = Path.of(BootJarFixture.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path destination = Path.of(args[2]);
            Files.createDirectories(destination.resolve("lib"));
            write(destination.resolve(jar.getFileName()), BootJarFixture.class, "lib/fixture-app.jar");
            write(destination.resolve("lib/fixture-app.jar"), FixtureApp.class, null);
            return;
        }
        if ("onRefresh".equals(System.getProperty("spring.context.exit"))) {
            Class.forName(FixtureApp.class.getName());
            System.exit("fail".equals(System.getenv("FIXTURE_TRAINING")) ? 1 : 0);
        }
        FixtureApp.main(args);
    }

    private static void write(Path jar, Class<?> type, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, BootJarFixture.class.getName());
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        String name = type.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                InputStream in = BootJarFixture.class.getClassLoader().getResourceAsStream(name)) {
            out.putNextEntry(new JarEntry(name));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
