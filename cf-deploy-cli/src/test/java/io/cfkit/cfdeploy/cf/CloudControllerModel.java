package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.cfkit.cfdeploy.manifest.AppManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The apps of the stub Cloud Controller's space as a Cloud Controller keeps them: apply_manifest creates or changes
 * an app, a restart or start starts it, stop stops it (keeping its instance count), scale sets the count, delete
 * removes it, and every read answers what the changes left, in the documented bodies with only guids, names, counts,
 * states, routes and environment changed. Packages and builds are ready at once. For tests that run a rollout from
 * start to end on Cloud Foundry.
 */
final class CloudControllerModel implements ResponseDefinitionTransformerV2 {

    static final String NAME = "cloud-controller-model";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern APP_PATH = Pattern.compile("/v3/apps/([^/]+)(/.*)?");
    private static final String JOB = StubCloudController.DELETE_JOB;
    private static final String PACKAGE = "44f7c078-0934-470f-9883-4fcddc5b8f13";
    private static final String POLICIES = "/networking/v1/external/policies";

    /** An app as the Cloud Controller keeps it. */
    private static final class App {
        final String guid;
        String name;
        boolean started;
        int instances = 1;
        int memoryMb = 1024;
        String command;
        String healthCheckType = "port";
        String healthCheckEndpoint;
        Integer timeout;
        Map<String, String> env = new LinkedHashMap<>();
        List<String> routes = new ArrayList<>();

        App(String guid, String name) {
            this.guid = guid;
            this.name = name;
        }
    }

    private final Map<String, App> apps = new LinkedHashMap<>();
    /** The policy server's policies, as it lists them. */
    private final List<ObjectNode> policies = new ArrayList<>();
    /** The routes served from the apps mapped to them, by guid. */
    private final Map<String, LiveRoute> liveRoutes = new LinkedHashMap<>();
    private StubCloudController cc;

    /** A route {@code host.domain} whose destinations are the apps that have its url among their routes. */
    private record LiveRoute(String guid, String host, String domain, String domainGuid) {

        String url() {
            return host + "." + domain;
        }
    }

    /** Serves the space's apps, packages and builds from this model; the other endpoints stay as stubbed. */
    void serve(StubCloudController cc) {
        this.cc = cc;
        cc.stub(any(urlPathMatching("/v3/apps(/.*)?")).atPriority(5).willReturn(aResponse().withTransformers(NAME)));
        cc.stub(post(urlPathMatching("/v3/spaces/[^/]+/actions/apply_manifest")).atPriority(5)
                .willReturn(aResponse().withTransformers(NAME)));
        cc.stub(any(urlPathEqualTo(POLICIES)).atPriority(4).willReturn(aResponse().withTransformers(NAME)));
        cc.stub(get(urlPathEqualTo("/v3/jobs/" + JOB)).willReturn(okJson(cc.doc("v3/jobs/GET_complete.json")
                .toString())));
        ObjectNode pkg = cc.doc("v3/packages/GET_single.json").put("guid", PACKAGE).put("state", "READY");
        cc.stub(post(urlPathEqualTo("/v3/packages")).willReturn(okJson(pkg.toString()).withStatus(201)));
        cc.stub(post(urlPathEqualTo("/v3/packages/" + PACKAGE + "/upload")).willReturn(okJson(pkg.toString())));
        cc.stub(get(urlPathEqualTo("/v3/packages/" + PACKAGE)).willReturn(okJson(pkg.toString())));
        ObjectNode build = cc.doc("v3/builds/GET_single.json");
        cc.stub(post(urlPathEqualTo("/v3/builds")).willReturn(okJson(build.toString()).withStatus(201)));
        cc.stub(get(urlPathEqualTo("/v3/builds/" + build.path("guid").asText())).willReturn(okJson(build.toString())));
    }

    /** An app that runs already, as the manifest gives it. */
    synchronized void running(AppManifest manifest) {
        App app = new App(UUID.randomUUID().toString(), manifest.name());
        app.started = true;
        app.instances = manifest.instances();
        app.memoryMb = manifest.memoryMb();
        app.command = manifest.command();
        app.healthCheckType = manifest.healthCheckType();
        app.healthCheckEndpoint = manifest.healthCheckEndpoint();
        app.timeout = manifest.timeoutSeconds();
        app.env.putAll(manifest.env());
        app.routes.addAll(manifest.routes());
        apps.put(app.guid, app);
    }

    /**
     * The route {@code host.domain} (no path) is found by its domain and host, with a destination for each app that
     * has it; adding a destination maps it to that app, removing one unmaps it, as {@code cf map-route} and
     * {@code cf unmap-route} do.
     */
    synchronized void route(String host, String domain, String domainGuid) {
        LiveRoute route = new LiveRoute(routeGuid(host + "." + domain), host, domain, domainGuid);
        liveRoutes.put(route.guid(), route);
        cc.stub(get(urlPathEqualTo("/v3/routes")).withQueryParam("domain_guids", equalTo(domainGuid))
                .withQueryParam("hosts", equalTo(host)).withQueryParam("paths", equalTo("")).atPriority(5)
                .willReturn(aResponse().withTransformers(NAME)));
        cc.stub(any(urlPathMatching("/v3/routes/" + route.guid() + "/destinations(/[^/]+)?")).atPriority(5)
                .willReturn(aResponse().withTransformers(NAME)));
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod().getName();
        String path = request.getUrl().replaceFirst("\\?.*", "");
        if (path.endsWith("/actions/apply_manifest")) {
            return applyManifest(request.getBodyAsString());
        }
        if (path.equals("/v3/apps")) {
            return list(request);
        }
        if (path.startsWith("/v3/routes")) {
            return route(method, path, request);
        }
        if (path.equals(POLICIES)) {
            return policies(method, request);
        }
        Matcher matcher = APP_PATH.matcher(path);
        App app = matcher.matches() ? apps.get(matcher.group(1)) : null;
        if (app == null) {
            return json(404, cc.doc("v3/errors/GET_404_resource_not_found.json"));
        }
        String rest = matcher.group(2) == null ? "" : matcher.group(2);
        switch (method + " " + rest) {
            case "GET /processes/web":
                return json(200, process(app));
            case "GET /processes/web/stats":
                return json(200, stats(app));
            case "GET /routes":
                return json(200, routes(app));
            case "GET /environment_variables":
                ObjectNode env = cc.doc("v3/apps/GET_environment_variables.json");
                ObjectNode vars = env.putObject("var");
                app.env.forEach(vars::put);
                return json(200, env);
            case "POST /processes/web/actions/scale":
                app.instances = read(request.getBodyAsString()).path("instances").asInt(app.instances);
                return json(202, process(app));
            case "POST /actions/start", "POST /actions/restart":
                app.started = true;
                return json(200, resource(app, "POST_start.json"));
            case "POST /actions/stop":
                app.started = false;
                return json(200, resource(app, "POST_stop.json"));
            case "PATCH ":
                String name = read(request.getBodyAsString()).path("name").asText(app.name);
                if (byName(name).filter(other -> other != app).isPresent()) {
                    return json(422, cc.doc("v3/errors/example_error_unprocessable_entity.json"));
                }
                app.name = name;
                return json(200, resource(app, "PATCH_update.json"));
            case "PATCH /relationships/current_droplet":
                return json(200, cc.doc("v3/apps/PATCH_relationships_current_droplet.json"));
            case "DELETE ":
                apps.remove(app.guid);
                return ResponseDefinitionBuilder.responseDefinition().withStatus(202)
                        .withHeader("Location", cc.url() + "/v3/jobs/" + JOB).withBody("").build();
            default:
                return json(404, cc.doc("v3/errors/GET_404_resource_not_found.json"));
        }
    }

    /** As {@code cf push -f}: a new app is created stopped; the fields the manifest has replace the app's. */
    private ResponseDefinition applyManifest(String body) {
        JsonNode entry;
        try {
            entry = YAML.readTree(body).path("applications").get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = entry.path("name").asText();
        App app = byName(name).orElseGet(() -> {
            App created = new App(UUID.randomUUID().toString(), name);
            apps.put(created.guid, created);
            return created;
        });
        if (entry.has("instances")) {
            app.instances = entry.path("instances").asInt();
        }
        if (entry.has("memory")) {
            app.memoryMb = Integer.parseInt(entry.path("memory").asText().replaceAll("[^0-9]", ""));
        }
        if (entry.has("command")) {
            app.command = entry.path("command").asText();
        }
        if (entry.has("health-check-type")) {
            app.healthCheckType = entry.path("health-check-type").asText();
        }
        if (entry.has("health-check-http-endpoint")) {
            app.healthCheckEndpoint = entry.path("health-check-http-endpoint").asText();
        }
        if (entry.has("timeout")) {
            app.timeout = entry.path("timeout").asInt();
        }
        if (entry.has("env")) {
            app.env.clear();
            entry.path("env").fields().forEachRemaining(f -> app.env.put(f.getKey(), f.getValue().asText()));
        }
        if (entry.path("no-route").asBoolean(false)) {
            app.routes.clear();
        } else if (entry.has("routes")) {
            app.routes.clear();
            entry.path("routes").forEach(r -> app.routes.add(r.path("route").asText()));
        }
        return ResponseDefinitionBuilder.responseDefinition().withStatus(202)
                .withHeader("Location", cc.url() + "/v3/jobs/" + JOB).withBody("").build();
    }

    private ResponseDefinition list(Request request) {
        String name = request.queryParameter("names").isPresent() ? request.queryParameter("names").firstValue()
                : null;
        ObjectNode[] found = apps.values().stream().filter(a -> name == null || a.name.equals(name))
                .map(a -> resource(a, "GET_single.json")).toArray(ObjectNode[]::new);
        return json(200, StubCloudController.onePage(cc.doc("v3/apps/GET_list.json"), found));
    }

    private Optional<App> byName(String name) {
        return apps.values().stream().filter(a -> a.name.equals(name)).findFirst();
    }

    private ObjectNode resource(App app, String documented) {
        ObjectNode resource = cc.doc("v3/apps/" + documented);
        resource.put("guid", app.guid);
        resource.put("name", app.name);
        resource.put("state", app.started ? "STARTED" : "STOPPED");
        return resource;
    }

    private ObjectNode process(App app) {
        ObjectNode process = (ObjectNode) StubCloudController.json(cc.process(app.guid, app.instances));
        process.put("memory_in_mb", app.memoryMb);
        // With no command in the manifest the Cloud Controller answers the buildpack's: the documented one.
        if (app.command != null) {
            process.put("command", app.command);
        }
        ObjectNode health = process.putObject("health_check");
        health.put("type", app.healthCheckType);
        ObjectNode data = health.putObject("data");
        if (app.timeout == null) {
            data.putNull("timeout");
        } else {
            data.put("timeout", app.timeout);
        }
        if (app.healthCheckEndpoint != null && app.healthCheckType.equals("http")) {
            data.put("endpoint", app.healthCheckEndpoint);
        }
        return process;
    }

    /** Every instance RUNNING when the app is started, DOWN when it is stopped. */
    private ObjectNode stats(App app) {
        ObjectNode stats = cc.stats(app.instances, app.instances);
        for (JsonNode instance : stats.path("resources")) {
            ((ObjectNode) instance).put("state", app.started ? "RUNNING" : "DOWN");
        }
        return stats;
    }

    /** A live route found by domain and host, or a change of its destinations. */
    private ResponseDefinition route(String method, String path, Request request) {
        if (path.equals("/v3/routes")) {
            String host = request.queryParameter("hosts").firstValue();
            String domainGuid = request.queryParameter("domain_guids").firstValue();
            ObjectNode[] found = liveRoutes.values().stream()
                    .filter(r -> r.host().equals(host) && r.domainGuid().equals(domainGuid))
                    .map(this::routeResource).toArray(ObjectNode[]::new);
            return json(200, StubCloudController.onePage(cc.doc("v3/routes/GET_list.json"), found));
        }
        String[] parts = path.split("/");
        LiveRoute route = liveRoutes.get(parts[3]);
        if (method.equals("POST") && parts.length == 5) {
            for (JsonNode destination : read(request.getBodyAsString()).path("destinations")) {
                App app = apps.get(destination.path("app").path("guid").asText());
                if (app == null) {
                    return json(422, cc.doc("v3/errors/example_error_unprocessable_entity.json"));
                }
                if (!app.routes.contains(route.url())) {
                    app.routes.add(route.url());
                }
            }
            ObjectNode destinations = cc.doc("v3/routes/POST_destinations_insert.json");
            destinations.set("destinations", routeResource(route).path("destinations"));
            return json(200, destinations);
        }
        if (method.equals("DELETE") && parts.length == 6) {
            Optional<App> mapped = apps.values().stream().filter(a -> a.routes.contains(route.url())
                    && destinationGuid(route, a).equals(parts[5])).findFirst();
            if (mapped.isEmpty()) {
                return json(404, cc.doc("v3/errors/GET_404_resource_not_found.json"));
            }
            mapped.get().routes.remove(route.url());
            return ResponseDefinitionBuilder.responseDefinition().withStatus(204).build();
        }
        return json(404, cc.doc("v3/errors/GET_404_resource_not_found.json"));
    }

    /** The documented route with a destination for each app mapped to it, in the order the apps were created. */
    private ObjectNode routeResource(LiveRoute route) {
        List<String> appAndDestinationGuids = new ArrayList<>();
        apps.values().stream().filter(a -> a.routes.contains(route.url())).forEach(a -> {
            appAndDestinationGuids.add(a.guid);
            appAndDestinationGuids.add(destinationGuid(route, a));
        });
        return cc.route(route.guid(), route.host(), route.domain(), "", appAndDestinationGuids.toArray(String[]::new));
    }

    /** A route's guid: the same in the app's route list and the route's own resource. */
    static String routeGuid(String url) {
        return UUID.nameUUIDFromBytes(url.getBytes()).toString();
    }

    private static String destinationGuid(LiveRoute route, App app) {
        return destinationGuid(route.guid(), app.guid);
    }

    static String destinationGuid(String routeGuid, String appGuid) {
        return UUID.nameUUIDFromBytes((routeGuid + " " + appGuid).getBytes()).toString();
    }

    /**
     * The policy server: a list names every policy whose source or destination is one of the ids asked for; an added
     * policy is kept once however often it is added.
     */
    private ResponseDefinition policies(String method, Request request) {
        if (method.equals("POST")) {
            for (JsonNode policy : read(request.getBodyAsString()).path("policies")) {
                if (!policies.contains(policy)) {
                    policies.add((ObjectNode) policy);
                }
            }
            return json(200, JSON.createObjectNode());
        }
        List<String> ids = request.queryParameter("id").isPresent()
                ? List.of(request.queryParameter("id").firstValue().split(",")) : List.of();
        ObjectNode list = cc.doc("networking/v1/external/policies/GET_list.json");
        List<ObjectNode> named = policies.stream().filter(p -> ids.isEmpty()
                || ids.contains(p.path("source").path("id").asText())
                || ids.contains(p.path("destination").path("id").asText())).toList();
        list.putArray("policies").addAll(named);
        list.put("total_policies", named.size());
        return json(200, list);
    }

    /** A policy as {@code cf add-network-policy FROM TO --port PORT} adds it. */
    synchronized void policy(String from, String to, int port) {
        ObjectNode policy = JSON.createObjectNode();
        policy.putObject("source").put("id", guidOf(from));
        policy.putObject("destination").put("id", guidOf(to)).put("protocol", "tcp").putObject("ports")
                .put("start", port).put("end", port);
        policies.add(policy);
    }

    /** Every policy, as {@code FROM -> TO tcp START-END} with the apps' names (or guids of apps gone). */
    synchronized List<String> policies() {
        return policies.stream().map(p -> name(p.path("source").path("id").asText()) + " -> "
                + name(p.path("destination").path("id").asText()) + " " + p.path("destination").path("protocol")
                .asText() + " " + p.path("destination").path("ports").path("start").asInt() + "-"
                + p.path("destination").path("ports").path("end").asInt()).toList();
    }

    private String name(String guid) {
        App app = apps.get(guid);
        return app == null ? guid : app.name;
    }

    /** The guid of the app of that name. */
    synchronized String guidOf(String name) {
        return byName(name).orElseThrow(() -> new AssertionError("no app " + name)).guid;
    }

    private ObjectNode routes(App app) {
        ObjectNode list = cc.doc("v3/apps/GET_routes.json");
        ObjectNode documented = (ObjectNode) list.path("resources").get(0);
        List<ObjectNode> routes = new ArrayList<>();
        for (String url : app.routes) {
            routes.add(documented.deepCopy().put("url", url).put("guid", routeGuid(url)));
        }
        return StubCloudController.onePage(list, routes.toArray(ObjectNode[]::new));
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResponseDefinition json(int status, JsonNode body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }
}
