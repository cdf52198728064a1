package io.cfkit.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the gateway's configuration from a Spring Cloud Config Server as its Environment JSON
 * ({@code GET {url}/edge-gateway/traffic}). Profile {@code traffic}, so that the server also serves
 * {@code edge-gateway-traffic.yml}, the traffic policy cf-deploy writes, ahead of {@code edge-gateway.yml}. The server
 * has already flattened the YAML into dotted keys and lists the property sources most specific first, so the first
 * source that has a key wins.
 */
public class ConfigServerClient {

    /** The Spring profile whose file ({@code <application>-traffic.yml}) holds the traffic policy. */
    public static final String PROFILE = "traffic";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI environmentUri;
    private final String authorization;
    private final Duration requestTimeout;

    public ConfigServerClient(URI baseUrl, String application, String username, String password) {
        this(baseUrl, application, username, password, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    public ConfigServerClient(
            URI baseUrl,
            String application,
            String username,
            String password,
            Duration connectTimeout,
            Duration requestTimeout) {
        String base = baseUrl.toString();
        this.environmentUri = URI.create((base.endsWith("/") ? base : base + "/") + application + "/" + PROFILE);
        this.authorization = "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI environmentUri() {
        return environmentUri;
    }

    /**
     * One answer of the config server: the merged properties, sorted by key so that logs and diffs read in a stable
     * order, and the server's {@code version} (the config repo's commit id; null if the server sends none).
     */
    public record Fetched(Map<String, String> properties, String version) {}

    public Fetched fetch() throws ConfigServerException {
        HttpRequest request = HttpRequest.newBuilder(environmentUri)
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigServerException("cannot reach " + environmentUri + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigServerException("interrupted while reading " + environmentUri, e);
        }
        if (response.statusCode() != 200) {
            throw new ConfigServerException(environmentUri + " answered HTTP " + response.statusCode()
                    + (response.statusCode() == 401 ? " (check CONFIG_SERVER_USERNAME/PASSWORD)" : ""));
        }
        try {
            JsonNode root = JSON.readTree(response.body());
            return new Fetched(parseEnvironment(root), version(root));
        } catch (IOException | RuntimeException e) {
            throw new ConfigServerException(environmentUri + " did not answer Spring Cloud Config JSON: " + e, e);
        }
    }

    static Map<String, String> parseEnvironment(String body) throws IOException {
        return parseEnvironment(JSON.readTree(body));
    }

    /** The commit the server read the files from: what cf-deploy compares to know that a gateway applies a commit. */
    static String version(JsonNode root) {
        JsonNode version = root.path("version");
        return version.isValueNode() && !version.isNull() ? version.asText() : null;
    }

    private static Map<String, String> parseEnvironment(JsonNode root) throws IOException {
        JsonNode sources = root.path("propertySources");
        if (!sources.isArray()) {
            throw new IOException("no propertySources array");
        }
        Map<String, String> merged = new LinkedHashMap<>();
        for (JsonNode source : sources) {
            Iterator<Map.Entry<String, JsonNode>> fields = source.path("source").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (value.isNull() || value.isContainerNode()) {
                    continue;
                }
                merged.putIfAbsent(field.getKey(), value.asText());
            }
        }
        return Collections.unmodifiableMap(new TreeMap<>(merged));
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The config server could not be read; the message is meant for one log line. */
    public static class ConfigServerException extends Exception {
        public ConfigServerException(String message) {
            super(message);
        }

        public ConfigServerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
