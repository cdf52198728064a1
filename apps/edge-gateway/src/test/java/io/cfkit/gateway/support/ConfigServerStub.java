package io.cfkit.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spring Cloud Config Server's {@code GET /{application}/traffic}, with Basic auth: three property sources, most
 * specific first (it wins): the profile's file ({@code <application>-traffic.yml}, the traffic policy), the
 * application's own and the shared application.yml. {@code version} stands for the config repo's commit.
 */
public final class ConfigServerStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, String> trafficSource = new TreeMap<>();
    private final Map<String, String> appSource = new TreeMap<>();
    private final Map<String, String> sharedSource = new TreeMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private String version = "stub";

    private ConfigServerStub(String application, String username, String password) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        var context = server.createContext("/" + application + "/traffic", exchange -> {
            requests.incrementAndGet();
            byte[] body;
            synchronized (this) {
                body = JSON.writeValueAsBytes(environment(application));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        context.setAuthenticator(new BasicAuthenticator("config") {
            @Override
            public boolean checkCredentials(String user, String pass) {
                return username.equals(user) && password.equals(pass);
            }
        });
        server.start();
    }

    public static ConfigServerStub start(String application, String username, String password) throws IOException {
        return new ConfigServerStub(application, username, password);
    }

    private ObjectNode environment(String application) {
        ObjectNode env = JSON.createObjectNode();
        env.put("name", application);
        env.putArray("profiles").add("traffic");
        env.putNull("label");
        env.put("version", version);
        env.putNull("state");
        ArrayNode sources = env.putArray("propertySources");
        ObjectNode traffic = sources.addObject();
        traffic.put("name", "file:/config-repo/" + application + "-traffic.yml");
        ObjectNode trafficValues = traffic.putObject("source");
        trafficSource.forEach((k, v) -> putTyped(trafficValues, k, v));
        ObjectNode own = sources.addObject();
        own.put("name", "file:/config-repo/" + application + ".yml");
        ObjectNode ownValues = own.putObject("source");
        appSource.forEach((k, v) -> putTyped(ownValues, k, v));
        ObjectNode shared = sources.addObject();
        shared.put("name", "file:/config-repo/application.yml");
        ObjectNode sharedValues = shared.putObject("source");
        sharedSource.forEach((k, v) -> putTyped(sharedValues, k, v));
        return env;
    }

    /** Numbers and booleans come as JSON numbers and booleans from the real server. */
    private static void putTyped(ObjectNode node, String key, String value) {
        if (value.matches("-?\\d{1,9}")) {
            node.put(key, Integer.parseInt(value));
        } else if (value.equals("true") || value.equals("false")) {
            node.put(key, Boolean.parseBoolean(value));
        } else {
            node.put(key, value);
        }
    }

    public synchronized ConfigServerStub put(String key, String value) {
        appSource.put(key, value);
        return this;
    }

    /** A key of {@code <application>-traffic.yml}, where cf-deploy writes the traffic policy. */
    public synchronized ConfigServerStub putTraffic(String key, String value) {
        trafficSource.put(key, value);
        return this;
    }

    public synchronized ConfigServerStub removeTraffic(String key) {
        trafficSource.remove(key);
        return this;
    }

    /** The commit id the server reports from now on. */
    public synchronized ConfigServerStub version(String version) {
        this.version = version;
        return this;
    }

    public synchronized ConfigServerStub putShared(String key, String value) {
        sharedSource.put(key, value);
        return this;
    }

    public synchronized ConfigServerStub remove(String key) {
        appSource.remove(key);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
