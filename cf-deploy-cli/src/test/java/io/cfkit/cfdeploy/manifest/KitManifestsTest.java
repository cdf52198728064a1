package io.cfkit.cfdeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The kit's own manifests, with each vars file we ship, against the bundled Cloud Foundry manifest schema. */
class KitManifestsTest {

    private static final Path KIT = Path.of("..").toAbsolutePath().normalize();
    private static final String SCHEMA_RESOURCE = "/schemas/cloudfoundry-application-manifest.json";
    private static final Path SCHEMA_README = KIT.resolve("cf-deploy-cli/src/main/resources/schemas/README.md");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What the local platform supplies, and the secrets a Cloud Foundry user passes with --var. */
    private static final Map<String, String> SUPPLIED = Map.of(
            "config-repo-uri", "file:///tmp/config-repo",
            "config-repo-username", "",
            "config-repo-password", "",
            "config-server-username", "config",
            "config-server-password", "secret",
            "eureka-username", "eureka",
            "eureka-password", "secret",
            "admin-username", "admin",
            "admin-password", "secret");

    @ParameterizedTest
    @ValueSource(strings = {"vars-local.yml", "vars-cf.example.yml"})
    void everyManifestValidatesAgainstTheBundledSchemaAfterSubstitution(String varsFile) throws IOException {
        Vars vars = Vars.of(SUPPLIED).overriddenBy(Vars.read(KIT.resolve("manifests").resolve(varsFile)));
        JsonSchema schema;
        try (InputStream in = KitManifestsTest.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        for (Path file : ManifestReader.manifestFiles(KIT.resolve("manifests"))) {
            JsonNode manifest = vars.substitute(YAML.readTree(file.toFile()), file.toString());
            assertThat(schema.validate(manifest)).as(file + " with " + varsFile).isEmpty();
            for (JsonNode app : manifest.path("applications")) {
                assertThat(app.path("path").asText()).as("jar path in " + file).endsWith(".jar");
                assertThat(app.path("memory").asText()).as("memory in " + file).isNotEmpty();
                assertThat(app.path("health-check-type").asText()).as("health check in " + file).isEqualTo("http");
                assertThat(app.path("routes").size()).as("routes in " + file).isPositive();
            }
        }
    }

    /** The README beside the schema names its upstream version by checksum; an edit to the copy must update both. */
    @Test
    void theBundledSchemaIsTheVersionItsReadmeNames() throws Exception {
        Matcher recorded = Pattern.compile("SHA-256 `([0-9a-f]{64})`").matcher(Files.readString(SCHEMA_README));
        assertThat(recorded.find()).as("a SHA-256 line in " + SCHEMA_README).isTrue();
        try (InputStream bundled = KitManifestsTest.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bundled.readAllBytes());
            assertThat(HexFormat.of().formatHex(digest)).isEqualTo(recorded.group(1));
        }
    }

    @Test
    void appsStartAfterTheAppsTheirEnvironmentPointsAt() {
        Map<String, String> supplied = new LinkedHashMap<>(SUPPLIED);
        Vars vars = Vars.of(supplied).overriddenBy(Vars.read(KIT.resolve("manifests/vars-local.yml")));

        AppSet apps = AppSet.read(KIT.resolve("manifests"), vars);

        assertThat(apps.names()).containsExactly("config-server", "discovery-service", "edge-gateway",
                "helloworld-service");
        assertThat(AppSet.dependencies(apps.app("edge-gateway"), apps.inStartOrder()))
                .containsExactlyInAnyOrder("config-server", "discovery-service");
    }
}
