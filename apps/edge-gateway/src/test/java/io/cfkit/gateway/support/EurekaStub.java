package io.cfkit.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The part of Eureka's REST API (JSON) that eureka-client 1.10 uses: full registry, delta, register, heartbeat,
 * status and cancel, behind Basic auth like the kit's discovery-service.
 *
 * <p>The delta lists every current instance as ADDED and every cancelled one as DELETED, with the apps hash code of
 * the current registry: applying it always leaves the client in step, and the hash check passes.
 *
 * <p>{@link #restartEmpty} plays a Eureka server killed and started again: it forgets every registration and, like the
 * real server after an empty start ({@code PeerAwareInstanceRegistryImpl.shouldAllowAccess}, for
 * {@code wait-time-in-ms-when-sync-empty}), can answer registry reads 403 for a while; heartbeats of instances it
 * does not know get 404, so their clients register again.
 */
public final class EurekaStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String username;
    private final String password;
    private volatile HttpServer server;
    private long readsRefusedUntilNanos = System.nanoTime();
    private int readsRefused;
    private int readsServed;
    /** app name (upper case) -> instance id -> instance JSON, in registration order. */
    private final Map<String, Map<String, ObjectNode>> registry = new TreeMap<>();
    private final List<ObjectNode> cancelled = new ArrayList<>();
    private final List<String> requestLog = new ArrayList<>();

    private EurekaStub(String username, String password) throws IOException {
        this.username = username;
        this.password = password;
        listen(0);
    }

    private void listen(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        var context = server.createContext("/eureka/", this::handle);
        context.setAuthenticator(new BasicAuthenticator("eureka") {
            @Override
            public boolean checkCredentials(String user, String pass) {
                return username.equals(user) && password.equals(pass);
            }
        });
        server.start();
    }

    /**
     * Stops listening, forgets every registration, and listens again on the same port after {@code down}; then
     * answers registry reads (full and delta) 403 for {@code readsRefusedFor}.
     */
    public void restartEmpty(Duration down, Duration readsRefusedFor) throws IOException, InterruptedException {
        int port = server.getAddress().getPort();
        server.stop(0);
        synchronized (this) {
            registry.clear();
            cancelled.clear();
        }
        // Scripted downtime, not a wait for a condition.
        Thread.sleep(down.toMillis());
        synchronized (this) {
            readsRefusedUntilNanos = System.nanoTime() + readsRefusedFor.toNanos();
            readsRefused = 0;
            readsServed = 0;
            listen(port);
        }
    }

    /** Registry reads (full or delta) answered 403 since the last restart. */
    public synchronized int readsRefused() {
        return readsRefused;
    }

    /** Registry reads (full or delta) answered since the last restart. */
    public synchronized int readsServed() {
        return readsServed;
    }

    public static EurekaStub start(String username, String password) throws IOException {
        return new EurekaStub(username, password);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/eureka/";
    }

    /** Registers an UP instance the way a Spring Boot app does (vip = spring.application.name). */
    public synchronized void register(String app, String instanceId, int port, Map<String, String> metadata) {
        long now = System.currentTimeMillis();
        ObjectNode i = JSON.createObjectNode();
        i.put("instanceId", instanceId);
        i.put("hostName", "127.0.0.1");
        i.put("app", app.toUpperCase(Locale.ROOT));
        i.put("ipAddr", "127.0.0.1");
        i.put("status", "UP");
        i.put("overriddenStatus", "UNKNOWN");
        ObjectNode p = i.putObject("port");
        p.put("$", port);
        p.put("@enabled", "true");
        ObjectNode sp = i.putObject("securePort");
        sp.put("$", 443);
        sp.put("@enabled", "false");
        i.put("countryId", 1);
        ObjectNode dc = i.putObject("dataCenterInfo");
        dc.put("@class", "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo");
        dc.put("name", "MyOwn");
        ObjectNode lease = i.putObject("leaseInfo");
        lease.put("renewalIntervalInSecs", 30);
        lease.put("durationInSecs", 90);
        lease.put("registrationTimestamp", now);
        lease.put("lastRenewalTimestamp", now);
        lease.put("evictionTimestamp", 0);
        lease.put("serviceUpTimestamp", now);
        ObjectNode meta = i.putObject("metadata");
        metadata.forEach(meta::put);
        i.put("homePageUrl", "http://127.0.0.1:" + port + "/");
        i.put("statusPageUrl", "http://127.0.0.1:" + port + "/actuator/info");
        i.put("healthCheckUrl", "http://127.0.0.1:" + port + "/actuator/health");
        i.put("vipAddress", app);
        i.put("secureVipAddress", app);
        i.put("isCoordinatingDiscoveryServer", "false");
        i.put("lastUpdatedTimestamp", Long.toString(now));
        i.put("lastDirtyTimestamp", Long.toString(now));
        store(i);
    }

    public synchronized void cancel(String app, String instanceId) {
        Map<String, ObjectNode> instances = registry.get(app.toUpperCase(Locale.ROOT));
        if (instances != null) {
            ObjectNode removed = instances.remove(instanceId);
            if (removed != null) {
                cancelled.add(removed);
            }
            if (instances.isEmpty()) {
                registry.remove(app.toUpperCase(Locale.ROOT));
            }
        }
    }

    public synchronized Optional<JsonNode> instance(String app, String instanceId) {
        return Optional.ofNullable(registry.getOrDefault(app.toUpperCase(Locale.ROOT), Map.of()).get(instanceId));
    }

    /** "METHOD path" of every request so far, and "registered id STATUS" after each registration. */
    public synchronized List<String> requests() {
        return List.copyOf(requestLog);
    }

    private void store(ObjectNode instance) {
        String app = instance.path("app").asText().toUpperCase(Locale.ROOT);
        registry.computeIfAbsent(app, a -> new LinkedHashMap<>()).put(instance.path("instanceId").asText(), instance);
        cancelled.removeIf(c -> c.path("instanceId").asText().equals(instance.path("instanceId").asText()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String rest = path.substring("/eureka/".length());
            while (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
            String[] parts = rest.split("/");
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            synchronized (this) {
                requestLog.add(method + " " + path);
                boolean delta = parts.length == 2 && parts[1].equals("delta");
                boolean registryRead = method.equals("GET") && (delta || (parts.length == 1 && parts[0].equals("apps")));
                if (registryRead && System.nanoTime() - readsRefusedUntilNanos < 0) {
                    readsRefused++;
                    send(exchange, 403, null);
                } else if (registryRead) {
                    readsServed++;
                    send(exchange, 200, applications(delta));
                } else if (parts.length == 2 && method.equals("POST")) {
                    ObjectNode instance = (ObjectNode) JSON.readTree(requestBody).path("instance");
                    store(instance);
                    requestLog.add("registered " + instance.path("instanceId").asText() + " "
                            + instance.path("status").asText());
                    send(exchange, 204, null);
                } else if (parts.length == 3 && method.equals("PUT")) {
                    ObjectNode instance = find(parts[1], decode(parts[2]));
                    if (instance == null) {
                        send(exchange, 404, null);
                    } else {
                        String status = query(exchange, "status");
                        if (status != null) {
                            instance.put("status", status);
                        }
                        send(exchange, 200, null);
                    }
                } else if (parts.length == 4 && parts[3].equals("status") && method.equals("PUT")) {
                    ObjectNode instance = find(parts[1], decode(parts[2]));
                    if (instance != null) {
                        instance.put("status", query(exchange, "value"));
                    }
                    send(exchange, instance == null ? 404 : 200, null);
                } else if (parts.length == 3 && method.equals("DELETE")) {
                    ObjectNode instance = find(parts[1], decode(parts[2]));
                    if (instance != null) {
                        cancel(parts[1], decode(parts[2]));
                    }
                    send(exchange, instance == null ? 404 : 200, null);
                } else {
                    send(exchange, 404, null);
                }
            }
        }
    }

    private ObjectNode find(String app, String id) {
        return registry.getOrDefault(app.toUpperCase(Locale.ROOT), Map.of()).get(id);
    }

    private ObjectNode applications(boolean delta) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode apps = root.putObject("applications");
        apps.put("versions__delta", "1");
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, ArrayNode> byApp = new TreeMap<>();
        registry.forEach((app, instances) -> instances.values().forEach(instance -> {
            counts.merge(instance.path("status").asText(), 1, Integer::sum);
            ObjectNode copy = instance.deepCopy();
            copy.put("actionType", "ADDED");
            byApp.computeIfAbsent(app, a -> JSON.createArrayNode()).add(copy);
        }));
        if (delta) {
            for (ObjectNode gone : cancelled) {
                ObjectNode copy = gone.deepCopy();
                copy.put("actionType", "DELETED");
                byApp.computeIfAbsent(copy.path("app").asText().toUpperCase(Locale.ROOT), a -> JSON.createArrayNode())
                        .add(copy);
            }
        }
        StringBuilder hash = new StringBuilder();
        counts.forEach((status, count) -> hash.append(status).append('_').append(count).append('_'));
        apps.put("apps__hashcode", hash.toString());
        ArrayNode list = apps.putArray("application");
        byApp.forEach((app, instances) -> {
            ObjectNode node = list.addObject();
            node.put("name", app);
            node.set("instance", instances);
        });
        return root;
    }

    private static String query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
