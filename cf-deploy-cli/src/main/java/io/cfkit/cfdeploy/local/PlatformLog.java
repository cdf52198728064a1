package io.cfkit.cfdeploy.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Appends the platform's own lines to a log file; O_APPEND keeps them whole beside the app's output. */
final class PlatformLog {

    private PlatformLog() {
    }

    static void append(Path file, String source, String message) {
        String line = Instant.now() + " [" + source + "] " + message + System.lineSeparator();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write " + file + ": " + e.getMessage());
        }
    }
}
