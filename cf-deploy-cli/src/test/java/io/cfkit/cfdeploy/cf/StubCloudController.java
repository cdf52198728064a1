package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Cloud Controller, UAA, policy server and log cache on one loopback port, answering with the documented response
 * bodies of {@code src/test/resources/cloud-controller}, with only the fields a step needs changed (guids, names,
 * states, pagination). It records every call. Calls without a bearer token are answered 401, as the real one does.
 */
final class StubCloudController implements AutoCloseable {

    static final String ORG = "org1";
    static final String SPACE = "space1";
    static final String ORG_GUID = "885735b5-aea4-4cf5-8e44-961af0e41920";
    static final String SPACE_GUID = "885735b5-aea4-4cf5-8e44-961af0e41920";
    static final String BEARER = "bearer ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final List<ObjectNode> apps = new ArrayList<>();

    StubCloudController() {
        this(new Extension[0]);
    }

    /** With extensions that answer some endpoints, such as {@link CloudControllerModel}. */
    StubCloudController(Extension... extensions) {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(extensions));
        server.start();
        ObjectNode root = doc("root/GET.json");
        // The documented root points log cache at log-cache.example.org: the stub serves it itself.
        ((ObjectNode) root.path("links").path("log_cache")).put("href", url() + "/log-cache");
        server.stubFor(get(urlPathEqualTo("/")).willReturn(okJson(root.toString())));
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[{\"code\":1000,\"title\":\"CF-InvalidAuthToken\",\"detail\":\"Invalid Auth Token\"}]}")));
        orgs(ORG);
        spaces(SPACE);
        // An app name the space does not have: an empty list, as the Cloud Controller answers.
        stub(get(urlPathEqualTo("/v3/apps")).atPriority(50)
                .willReturn(okJson(onePage(doc("v3/apps/GET_list.json")).toString())));
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    WireMockServer server() {
        return server;
    }

    /** A documented body with the hosts replaced by the stub's. */
    ObjectNode doc(String file) {
        try (InputStream in = getClass().getResourceAsStream("/cloud-controller/" + file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{api}}", url()).replace("{{uaa}}", url() + "/uaa");
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code request} only when it carries a bearer token. */
    void stub(MappingBuilder request) {
        server.stubFor(request.withHeader("Authorization", matching("bearer .+")));
    }

    /** The organizations that exist: only these are found by name. */
    void orgs(String... names) {
        ObjectNode list = doc("v3/organizations/GET_list.json");
        ObjectNode org = (ObjectNode) list.path("resources").get(0);
        for (String name : names) {
            org.put("name", name);
            stub(get(urlPathEqualTo("/v3/organizations")).withQueryParam("names", equalTo(name))
                    .willReturn(okJson(onePage(list, org).toString())));
        }
        stub(get(urlPathEqualTo("/v3/organizations")).atPriority(10).willReturn(okJson(onePage(list).toString())));
    }

    void spaces(String... names) {
        ObjectNode list = doc("v3/spaces/GET_list.json");
        ObjectNode space = (ObjectNode) list.path("resources").get(0);
        for (String name : names) {
            space.put("name", name);
            stub(get(urlPathEqualTo("/v3/spaces")).withQueryParam("names", equalTo(name))
                    .withQueryParam("organization_guids", equalTo(ORG_GUID))
                    .willReturn(okJson(onePage(list, space).toString())));
        }
        stub(get(urlPathEqualTo("/v3/spaces")).atPriority(10).willReturn(okJson(onePage(list).toString())));
    }

    /**
     * An app in the space, with a web process of {@code instances} instances, all RUNNING, and one route. Returns
     * the app's guid.
     */
    String app(String name, String guid, int instances, String route) {
        ObjectNode app = (ObjectNode) doc("v3/apps/GET_list.json").path("resources").get(0).deepCopy();
        app.put("guid", guid);
        app.put("name", name);
        apps.add(app);
        ObjectNode list = onePage(doc("v3/apps/GET_list.json"), apps.toArray(new ObjectNode[0]));
        stub(get(urlPathEqualTo("/v3/apps")).withQueryParam("space_guids", equalTo(SPACE_GUID))
                .withQueryParam("names", absent()).willReturn(okJson(list.toString())));
        stub(get(urlPathEqualTo("/v3/apps")).withQueryParam("names", equalTo(name))
                .withQueryParam("space_guids", equalTo(SPACE_GUID))
                .willReturn(okJson(onePage(doc("v3/apps/GET_list.json"), app).toString())));
        stub(get(urlPathEqualTo("/v3/apps/" + guid + "/processes/web")).willReturn(okJson(process(guid, instances))));
        stub(get(urlPathEqualTo("/v3/apps/" + guid + "/processes/web/stats"))
                .willReturn(okJson(stats(instances, instances).toString())));
        ObjectNode routes = doc("v3/apps/GET_routes.json");
        ObjectNode first = (ObjectNode) routes.path("resources").get(0);
        first.put("url", route);
        stub(get(urlPathEqualTo("/v3/apps/" + guid + "/routes")).willReturn(okJson(onePage(routes, first).toString())));
        return guid;
    }

    /** The documented web process, with the app's guid and instance count. */
    String process(String appGuid, int instances) {
        ObjectNode process = doc("v3/processes/GET_single.json");
        process.put("instances", instances);
        ((ObjectNode) process.path("relationships").path("app").path("data")).put("guid", appGuid);
        return process.toString();
    }

    /** Stats of {@code instances} instances, the first {@code running} RUNNING and the rest STARTING. */
    ObjectNode stats(int instances, int running) {
        ObjectNode documented = doc("v3/processes/GET_stats.json");
        ArrayNode resources = JSON.createArrayNode();
        for (int i = 0; i < instances; i++) {
            ObjectNode instance = (ObjectNode) documented.path("resources").get(i < running ? 0 : 1).deepCopy();
            instance.put("index", i);
            resources.add(instance);
        }
        documented.set("resources", resources);
        return documented;
    }

    // What a rollout does to apps and routes (CfRolloutOperationsTest).

    /** The job a deletion answers with: the documented complete {@code app.delete} job. */
    static final String DELETE_JOB = "b19ae525-cbd3-4155-b156-dc0c2a431b4c";

    /** The app's start and stop actions, answered with the documented bodies (guid, name and state changed). */
    void startsAndStops(String name, String guid) {
        for (String action : List.of("start", "stop")) {
            ObjectNode app = doc("v3/apps/POST_" + action + ".json");
            app.put("guid", guid);
            app.put("name", name);
            stub(post(urlPathEqualTo("/v3/apps/" + guid + "/actions/" + action)).willReturn(okJson(app.toString())));
        }
    }

    /** {@code DELETE path} answers 202 with the job's Location, and the job is complete. */
    void deletes(String path) {
        stub(delete(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Location", url() + "/v3/jobs/" + DELETE_JOB)));
        stub(get(urlPathEqualTo("/v3/jobs/" + DELETE_JOB)).willReturn(okJson(doc("v3/jobs/GET_complete.json")
                .toString())));
    }

    /** The org's default domain, and the domain found by name. */
    void domain(String name, String guid) {
        ObjectNode domain = doc("v3/organizations/GET_domains_default.json");
        domain.put("guid", guid);
        domain.put("name", name);
        stub(get(urlPathEqualTo("/v3/organizations/" + ORG_GUID + "/domains/default"))
                .willReturn(okJson(domain.toString())));
        ObjectNode listed = (ObjectNode) doc("v3/domains/GET_list.json").path("resources").get(0).deepCopy();
        listed.put("guid", guid);
        listed.put("name", name);
        stub(get(urlPathEqualTo("/v3/domains")).withQueryParam("names", equalTo(name))
                .willReturn(okJson(onePage(doc("v3/domains/GET_list.json"), listed).toString())));
        // A domain the org does not have: an empty list.
        stub(get(urlPathEqualTo("/v3/domains")).atPriority(10)
                .willReturn(okJson(onePage(doc("v3/domains/GET_list.json")).toString())));
        // A route the domain does not have: an empty list.
        stub(get(urlPathEqualTo("/v3/routes")).atPriority(10)
                .willReturn(okJson(onePage(doc("v3/routes/GET_list.json")).toString())));
    }

    /** A route of the space: the documented one with this guid, host, path and apps as destinations. */
    ObjectNode route(String guid, String host, String domain, String path, String... appAndDestinationGuids) {
        ObjectNode route = (ObjectNode) doc("v3/routes/GET_list.json").path("resources").get(0).deepCopy();
        route.put("guid", guid);
        route.put("host", host);
        route.put("path", path);
        route.put("url", host + "." + domain + path);
        ArrayNode destinations = (ArrayNode) route.path("destinations");
        ObjectNode documented = (ObjectNode) destinations.get(0);
        destinations.removeAll();
        for (int i = 0; i + 1 < appAndDestinationGuids.length; i += 2) {
            ObjectNode destination = documented.deepCopy();
            ((ObjectNode) destination.path("app")).put("guid", appAndDestinationGuids[i]);
            destination.put("guid", appAndDestinationGuids[i + 1]);
            destinations.add(destination);
        }
        return route;
    }

    /** The route is found by its domain, host and path. */
    void routeExists(ObjectNode route, String domainGuid) {
        stub(get(urlPathEqualTo("/v3/routes")).withQueryParam("domain_guids", equalTo(domainGuid))
                .withQueryParam("hosts", equalTo(route.path("host").asText()))
                .withQueryParam("paths", equalTo(route.path("path").asText()))
                .willReturn(okJson(onePage(doc("v3/routes/GET_list.json"), route).toString())));
    }

    /** POST /v3/routes creates the route (with no destination yet); its destinations can be added and removed. */
    void routeCreated(String guid, String host, String domain, String path) {
        ObjectNode route = doc("v3/routes/POST_create.json");
        route.put("guid", guid);
        route.put("host", host);
        route.put("path", path);
        route.put("url", host + "." + domain + path);
        route.putArray("destinations");
        stub(post(urlPathEqualTo("/v3/routes")).willReturn(okJson(route.toString()).withStatus(201)));
        destinationsChange(guid);
    }

    /** The route's destinations: inserting answers the documented list, removing 204. */
    void destinationsChange(String routeGuid) {
        stub(post(urlPathEqualTo("/v3/routes/" + routeGuid + "/destinations"))
                .willReturn(okJson(doc("v3/routes/POST_destinations_insert.json").toString())));
        stub(delete(urlPathMatching("/v3/routes/" + routeGuid + "/destinations/[^/]+"))
                .willReturn(aResponse().withStatus(204)));
    }

    /** UAA's token endpoint: a refresh grant answers the documented token body with these tokens. */
    void uaaRefreshGives(String accessToken, String refreshToken) {
        ObjectNode token = doc("uaa/oauth/POST_token_password_grant.json");
        token.put("access_token", accessToken);
        token.put("refresh_token", refreshToken);
        server.stubFor(post(urlPathEqualTo("/uaa/oauth/token")).willReturn(okJson(token.toString())));
    }

    /** A list body of only these resources, on one page. */
    static ObjectNode onePage(ObjectNode list, ObjectNode... resources) {
        ObjectNode copy = list.deepCopy();
        ArrayNode items = JSON.createArrayNode();
        for (ObjectNode resource : resources) {
            items.add(resource);
        }
        copy.set("resources", items);
        ObjectNode pagination = (ObjectNode) copy.path("pagination");
        pagination.put("total_results", resources.length);
        pagination.put("total_pages", 1);
        pagination.set("last", pagination.get("first"));
        pagination.putNull("next");
        return copy;
    }

    /** Every request, oldest first. */
    List<LoggedRequest> requests() {
        List<LoggedRequest> requests = new ArrayList<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            requests.add(0, event.getRequest());
        }
        return requests;
    }

    /** Every call as "METHOD url", oldest first, without the global root and UAA. */
    List<String> calls() {
        return requests().stream().filter(r -> !r.getUrl().equals("/"))
                .map(r -> r.getMethod().getName() + " " + r.getUrl()).toList();
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
