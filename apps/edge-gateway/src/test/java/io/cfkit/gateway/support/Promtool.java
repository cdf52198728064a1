package io.cfkit.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own linter, {@code promtool check metrics} (Debian package {@code prometheus}), run on an exposition.
 * Where it is not installed the calling test is skipped, saying so.
 */
public final class Promtool {

    private Promtool() {}

    /** Asserts that promtool accepts the text and reports nothing. */
    public static void assertAccepts(String exposition) throws IOException, InterruptedException {
        Optional<Path> promtool = onPath();
        assumeTrue(promtool.isPresent(),
                "promtool is not installed (Debian: apt-get install prometheus), so the metrics were not checked with it");
        Process process = new ProcessBuilder(promtool.get().toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("promtool finished within 30 s").isTrue();
            String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(report).as("promtool's report on:%n%s", exposition).isEmpty();
            assertThat(process.exitValue()).as("promtool's exit code").isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    private static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
