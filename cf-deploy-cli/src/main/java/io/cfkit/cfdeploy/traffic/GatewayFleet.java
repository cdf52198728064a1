package io.cfkit.cfdeploy.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfkit.cfdeploy.Poller;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.state.JsonStore;
import io.cfkit.traffic.AdminJson;
import io.cfkit.traffic.MetricsReport;
import io.cfkit.traffic.TrafficReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every edge-gateway instance, as a {@link GatewayInstances} lists them (the platform's running instances), and their
 * admin endpoints: make each load the newest policy, check what each applies, read their metrics; and Eureka's
 * registrations, which say whether the gateways can reach an instance.
 */
public final class GatewayFleet implements TrafficGateways {

    /**
     * A gateway instance: the base URI that reaches it and the headers every request to it carries (on Cloud
     * Foundry the shared route and the router's {@code X-Cf-App-Instance}, which picks the instance).
     */
    public record Gateway(String id, URI uri, Map<String, String> headers) {

        public Gateway {
            headers = Map.copyOf(headers);
        }

        /** An instance reached at its own listener. */
        public Gateway(String id, URI uri) {
            this(id, uri, Map.of());
        }
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KitCredentials credentials;
    private final GatewayInstances instances;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    public GatewayFleet(KitCredentials credentials, GatewayInstances instances) {
        this.credentials = credentials;
        this.instances = instances;
    }

    /** An instance as Eureka has it: its id, the VIP a gateway route names, the port it listens on, its status. */
    public record Registration(String id, String vip, int port, String status) {

        boolean up() {
            return status.equals("UP");
        }
    }

    /** Every instance registered in Eureka. */
    public List<Registration> registrations() {
        JsonNode apps = getJson(URI.create(credentials.eurekaUrl() + "apps"), Map.of(), credentials.eurekaUsername(),
                credentials.eurekaPassword(), "Eureka");
        List<Registration> registrations = new ArrayList<>();
        for (JsonNode app : list(apps.path("applications").path("application"))) {
            for (JsonNode instance : list(app.path("instance"))) {
                registrations.add(new Registration(instance.path("instanceId").asText(),
                        instance.path("vipAddress").asText(), instance.path("port").path("$").asInt(),
                        instance.path("status").asText()));
            }
        }
        return registrations;
    }

    /** The gateway's routes, each with its service id and the instances its load balancers send requests to. */
    public JsonNode routes(Gateway gateway) {
        return getJson(gateway.uri().resolve("/admin/routes"), gateway.headers(), credentials.adminUsername(),
                credentials.adminPassword(), gateway.id());
    }

    /** The status of a plain GET through the gateway instance, as a user's request gets it; -1 if none came. */
    public int statusThrough(Gateway gateway, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(gateway.uri().resolve(path)).timeout(REQUEST_TIMEOUT);
        gateway.headers().forEach(builder::header);
        HttpRequest request = builder.GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }

    /** The gateway instances that run now. */
    public List<Gateway> gateways() {
        return instances.gateways();
    }

    @Override
    public void converge(String commit, Commits commits, Duration timeout, PrintWriter out) {
        long start = System.nanoTime();
        List<Gateway> waiting = new ArrayList<>(gateways());
        waiting.forEach(g -> post(g, "/admin/refresh"));
        Map<String, String> reported = new LinkedHashMap<>();
        Poller.every(POLL, timeout).await(() -> {
            for (Gateway gateway : List.copyOf(waiting)) {
                String version = traffic(gateway).configVersion();
                reported.put(gateway.id(), version);
                if (commits.contains(version, commit)) {
                    waiting.remove(gateway);
                    out.printf("  %s applies %s%s (%.2f s)%n", gateway.id(), abbreviate(commit),
                            version.equals(commit) ? "" : " in " + abbreviate(version),
                            (System.nanoTime() - start) / 1e9);
                    out.flush();
                }
            }
            return waiting.isEmpty();
        }, () -> "gateways did not load configuration " + abbreviate(commit) + " within " + timeout.toSeconds()
                + " s: " + waiting.stream().map(g -> g.id() + " reports " + abbreviate(reported.get(g.id()))).toList());
        out.printf("Every gateway applies %s (%.2f s)%n", abbreviate(commit), (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    /** Only then may the version become the only one a policy names: a gateway with no instance of it answers 503. */
    @Override
    public void awaitVersionReachable(String service, String version, Duration timeout) {
        Poller poller = Poller.every(POLL, timeout);
        for (Gateway gateway : gateways()) {
            poller.await(() -> traffic(gateway).route(service).up(version) > 0,
                    () -> gateway.id() + " reaches no instance of " + service + " " + version + " after "
                            + timeout.toSeconds() + " s: check cf-deploy apps and the app's logs");
        }
    }

    @Override
    public List<MetricsReport> metrics() {
        return gateways().stream().map(this::metrics).toList();
    }

    public TrafficReport traffic(Gateway gateway) {
        return report(gateway, TrafficReport.PATH, TrafficReport.class);
    }

    public MetricsReport metrics(Gateway gateway) {
        return report(gateway, MetricsReport.PATH, MetricsReport.class);
    }

    private <T> T report(Gateway gateway, String path, Class<T> type) {
        String body = get(gateway.uri().resolve(path), gateway.headers(), credentials.adminUsername(),
                credentials.adminPassword(), gateway.id());
        try {
            return AdminJson.read(body, type);
        } catch (IllegalArgumentException e) {
            throw new UserError(gateway.id() + " answered GET " + path + " with " + e.getMessage()
                    + ": is it an edge-gateway of this kit's version?");
        }
    }

    private void post(Gateway gateway, String path) {
        URI uri = gateway.uri().resolve(path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Authorization", basic(credentials.adminUsername(), credentials.adminPassword()));
        gateway.headers().forEach(builder::header);
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new UserError(gateway.id() + " answered POST " + path + " with " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new UserError("cannot reach " + gateway.id() + " at " + uri + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }

    private JsonNode getJson(URI uri, Map<String, String> headers, String user, String password, String what) {
        String body = get(uri, headers, user, password, what);
        try {
            return JsonStore.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UserError(what + " answered GET " + uri.getPath() + " with no JSON: " + e.getMessage());
        }
    }

    /** The body of a 200 answer. */
    private String get(URI uri, Map<String, String> headers, String user, String password, String what) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", basic(user, password));
        headers.forEach(builder::header);
        HttpRequest request = builder.GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new UserError(what + " answered " + response.statusCode() + " to GET " + uri.getPath()
                        + (response.statusCode() == 401
                                ? ": check the credentials in the edge-gateway app's environment" : ""));
            }
            return response.body();
        } catch (IOException e) {
            throw new UserError("cannot reach " + what + " at " + uri.getHost() + ":" + uri.getPort() + ": "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }

    /** Eureka's JSON gives a list of one as the element itself, and an empty list as nothing. */
    private static Iterable<JsonNode> list(JsonNode node) {
        return node.isArray() ? node : node.isMissingNode() ? List.of() : List.of(node);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String abbreviate(String commit) {
        return commit == null ? "nothing" : commit.length() > 7 ? commit.substring(0, 7) : commit;
    }
}
