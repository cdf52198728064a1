package io.cfkit.cfdeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

    @TempDir
    Path dir;

    private Path manifest(String yaml) throws IOException {
        Path file = dir.resolve("app.yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void substitutesVarsKeepingTheTypeOfWholeValues() throws IOException {
        Path file = manifest("""
                applications:
                - name: hello
                  path: target/hello.jar
                  memory: 1G
                  instances: ((count))
                  routes:
                  - route: ((host)):8080
                  env:
                    URL: http://((host)):9000/x
                """);
        Vars vars = Vars.read(writeVars("count: 3\nhost: 127.0.0.1\n"));

        AppManifest app = new ManifestReader(vars).read(file).get(0);

        assertThat(app.instances()).isEqualTo(3);
        assertThat(app.memoryMb()).isEqualTo(1024);
        assertThat(app.routes()).containsExactly("127.0.0.1:8080");
        assertThat(app.env()).containsEntry("URL", "http://127.0.0.1:9000/x");
        assertThat(app.path()).isEqualTo(dir.resolve("target/hello.jar").toString());
        assertThat(app.timeoutSeconds()).isEqualTo(ManifestReader.DEFAULT_TIMEOUT_SECONDS);
    }

    @Test
    void namesEveryUndefinedVar() throws IOException {
        Path file = manifest("""
                applications:
                - name: hello
                  path: hello.jar
                  env:
                    A: ((first))
                    B: x-((second))
                """);

        assertThatThrownBy(() -> new ManifestReader(Vars.of(Map.of())).read(file))
                .isInstanceOf(ManifestError.class)
                .hasMessage(file + ": variables not defined: first, second"
                        + " (define them in a vars file or pass --var NAME=VALUE)");
    }

    @Test
    void reportsSchemaViolationsWithFileAndField() throws IOException {
        Path file = manifest("""
                applications:
                - name: hello
                  path: hello.jar
                  instances: two
                """);

        assertThatThrownBy(() -> new ManifestReader(Vars.of(Map.of())).read(file))
                .isInstanceOf(ManifestError.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining("instances");
    }

    @Test
    void rejectsUnknownFieldsAsCloudFoundryDoes() throws IOException {
        Path file = manifest("""
                applications:
                - name: hello
                  path: hello.jar
                  memroy: 1G
                """);

        assertThatThrownBy(() -> new ManifestReader(Vars.of(Map.of())).read(file))
                .hasMessageContaining("memroy");
    }

    @Test
    void requiresAJarOrACommand() throws IOException {
        Path file = manifest("""
                applications:
                - name: hello
                """);

        assertThatThrownBy(() -> new ManifestReader(Vars.of(Map.of())).read(file))
                .hasMessage(file + ": applications[0].path: required (the jar to push)");
    }

    @Test
    void rejectsMemoryWithoutAUnit() {
        assertThatThrownBy(() -> ManifestReader.memoryMb("m.yml", "applications[0].memory", "512"))
                .hasMessage("m.yml: applications[0].memory: '512' is not a size: write it like 512M or 1G");
        assertThat(ManifestReader.memoryMb("m.yml", "x", "512MB")).isEqualTo(512);
        assertThat(ManifestReader.memoryMb("m.yml", "x", "2g")).isEqualTo(2048);
    }

    @Test
    void reportsYamlThatDoesNotParse() throws IOException {
        Path file = manifest("applications: [\n");

        assertThatThrownBy(() -> new ManifestReader(Vars.of(Map.of())).read(file))
                .hasMessageStartingWith(file + ": is not valid YAML");
    }

    @Test
    void laterVarsWin() {
        Vars vars = Vars.of(Map.of("a", "1", "b", "2")).overriddenBy(Vars.of(Map.of("b", "3")));

        assertThat(vars.substitute(com.fasterxml.jackson.databind.node.TextNode.valueOf("((a))((b))"), "f").asText())
                .isEqualTo("13");
    }

    private Path writeVars(String yaml) throws IOException {
        Path file = dir.resolve("vars.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
