package io.cfkit.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfkit.gateway.Gateway;
import io.cfkit.gateway.GatewaySettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The gateway in-process on a free loopback port, with an HTTP client to call it, and everything a test class started
 * for it (stubs, backends) to close after it. One per test class: archaius and Eureka's DiscoveryManager are
 * JVM-wide, so there can be only one gateway at a time.
 *
 * <p>Resources are tracked before {@link #start} as well as after, so that what was started is closed even when
 * the start-up fails half-way.
 */
public final class GatewayUnderTest implements AutoCloseable {

    public static final String CONFIG_USERNAME = "config-user";
    public static final String CONFIG_PASSWORD = "config-pw";
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin-pw";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> resources = new ArrayList<>();
    private Gateway gateway;
    private HttpClient http;
    private int port;

    /** Closed by {@link #close}, after the gateway, in the reverse order of tracking. */
    public <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * Starts the gateway against the config server (with {@link #CONFIG_USERNAME}) and Eureka at the given URLs,
     * refreshing its config every second, its admin endpoints behind {@link #ADMIN_USERNAME}.
     */
    public void start(String configUrl, String eurekaUrl, String eurekaUsername, String eurekaPassword)
            throws IOException {
        port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(port));
        env.put("CONFIG_SERVER_URL", configUrl);
        env.put("CONFIG_SERVER_USERNAME", CONFIG_USERNAME);
        env.put("CONFIG_SERVER_PASSWORD", CONFIG_PASSWORD);
        env.put("CONFIG_REFRESH_SECONDS", "1");
        env.put("EUREKA_URL", eurekaUrl);
        env.put("EUREKA_USERNAME", eurekaUsername);
        env.put("EUREKA_PASSWORD", eurekaPassword);
        env.put("ADMIN_USERNAME", ADMIN_USERNAME);
        env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        gateway = Gateway.start(GatewaySettings.from(env, new Properties()));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    public int port() {
        return port;
    }

    /** Closes the gateway alone, for a test of its shutdown; {@link #close} leaves it be (closing it is idempotent). */
    public void stopGateway() {
        gateway.close();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    /** A POST without body and without credentials. */
    public HttpResponse<String> post(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A GET with the admin credentials. */
    public HttpResponse<String> adminGet(String path) throws Exception {
        return admin(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A POST without body with the admin credentials, as {@code /admin/refresh} takes it. */
    public HttpResponse<String> adminPost(String path) throws Exception {
        return admin(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The body of an admin GET, which must answer 200. */
    public JsonNode adminJson(String path) throws Exception {
        HttpResponse<String> response = adminGet(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return json(response);
    }

    private HttpResponse<String> admin(HttpRequest.Builder request) throws Exception {
        return send(request.header("Authorization", basic(ADMIN_USERNAME, ADMIN_PASSWORD)));
    }

    /** Every request gets a timeout, so a gateway that hangs fails the test instead of holding it. */
    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(
                request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** A port nothing listens on right now: for the gateway, or for an instance that refuses connections. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * The gateway first (it deregisters from the Eureka stub), then the resources, newest first. A failing close
     * does not stop the rest: a backend a test killed already may fail the second time. Only the gateway's failure
     * is passed on, once all is closed.
     */
    @Override
    public void close() {
        RuntimeException gatewayFailure = null;
        if (gateway != null) {
            try {
                gateway.close();
            } catch (RuntimeException e) {
                gatewayFailure = e;
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // Keep closing the rest.
            }
        }
        if (gatewayFailure != null) {
            throw gatewayFailure;
        }
    }
}
