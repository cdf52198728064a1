package io.cfkit.cfdeploy.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonStoreTest {

    record Secrets(String app, Map<String, String> env) {
    }

    @TempDir
    Path dir;

    @Test
    void whatIsWrittenIsReadBack() {
        Path file = dir.resolve("desired.json");
        Secrets written = new Secrets("config-server", Map.of("CONFIG_SERVER_PASSWORD", "s3cret"));

        JsonStore.write(file, written);

        assertThat(JsonStore.read(file, Secrets.class)).contains(written);
    }

    @Test
    void aMissingFileReadsAsNothing() {
        assertThat(JsonStore.read(dir.resolve("actual.json"), Secrets.class)).isEmpty();
    }

    @Test
    void aStateFileIsReadableByItsOwnerOnlyAlsoWhenItReplacesAWorldReadableOne() throws Exception {
        Path file = dir.resolve("desired.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        JsonStore.write(file, new Secrets("a", Map.of("PASSWORD", "x")));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void noTemporaryFileIsLeftBeside() throws Exception {
        JsonStore.write(dir.resolve("a.json"), new Secrets("a", Map.of()));
        JsonStore.write(dir.resolve("a.json"), new Secrets("b", Map.of()));

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.json");
        }
    }
}
