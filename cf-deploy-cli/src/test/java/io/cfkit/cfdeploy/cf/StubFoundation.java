package io.cfkit.cfdeploy.cf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.manifest.Vars;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A foundation for tests outside this package: the stub Cloud Controller with its apps kept by
 * {@link CloudControllerModel}, a default domain for smoke routes, the policy server, and the Cloud Foundry platform
 * logged in to it. The apps' manifest files are written to a folder, as {@code cf push -f} reads them.
 */
public final class StubFoundation implements AutoCloseable {

    static final String DOMAIN = "apps.example.com";
    static final String DOMAIN_GUID = "3a5d3d89-3f89-4f05-8188-8a2b298c79d5";
    static final String SMOKE_ROUTE = "cbad697f-cac1-48f4-9017-ac08f39dfb31";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path folder;
    private final CloudControllerModel model = new CloudControllerModel();
    private final StubCloudController cc = new StubCloudController(model);
    private final CfConnection connection;

    public StubFoundation(Path folder) {
        this.folder = folder;
        model.serve(cc);
        cc.domain(DOMAIN, DOMAIN_GUID);
        cc.routeCreated(SMOKE_ROUTE, "smoke", DOMAIN, "");
        cc.deletes("/v3/routes/" + SMOKE_ROUTE);
        connection = new CfConnection(new CfLogin(URI.create(cc.url()), cc.url() + "/uaa", "an-access-token",
                "a-refresh-token", null, null, "cf", "", false, StubCloudController.ORG, StubCloudController.SPACE));
    }

    /**
     * The Cloud Foundry platform, on which these apps run, each from a manifest file written for it (relative names
     * are in the folder) and a jar in the folder: the kit's apps, whose versions a rollout pushes.
     */
    public CfPlatform platformRunning(List<AppManifest> apps, Writer out) {
        return platformRunning(apps, out, false);
    }

    /** The same, with {@code dryRun}: the platform prints the calls that would change something and makes none. */
    public CfPlatform platformRunning(List<AppManifest> apps, Writer out, boolean dryRun) {
        Map<String, ArrayNode> files = new LinkedHashMap<>();
        List<AppManifest> kit = new ArrayList<>();
        for (AppManifest app : apps) {
            model.running(app);
            app.routes().stream().filter(StubFoundation::onTheDomain).forEach(route ->
                    model.route(route.substring(0, route.length() - DOMAIN.length() - 1), DOMAIN, DOMAIN_GUID));
            AppManifest withJar = withJar(app);
            kit.add(withJar);
            files.computeIfAbsent(app.manifestFile(), f -> JsonNodeFactory.instance.arrayNode()).add(entry(withJar));
        }
        // the policies cf-deploy push adds for the kit
        NetworkPolicies.needed(AppSet.of(apps), List.of())
                .forEach(p -> model.policy(p.source(), p.destination(), p.port()));
        files.forEach((file, entries) -> {
            ObjectNode manifest = JsonNodeFactory.instance.objectNode();
            manifest.set("applications", entries);
            try {
                Path path = folder.resolve(file);
                Files.createDirectories(path.toAbsolutePath().getParent());
                YAML.writeValue(path.toFile(), manifest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return connection.platform(new PrintWriter(out, true), dryRun, new AppManifests(Vars.of(Map.of()), folder),
                AppSet.of(kit), Duration.ofMillis(10), Duration.ofMillis(10));
    }

    /** An app started on the foundation by other means than cf-deploy (cf push by hand): no policy names it. */
    public void alsoRunning(AppManifest app) {
        model.running(app);
    }

    /** A route {@code host.apps.example.com} with no path: one the foundation keeps with its destinations. */
    private static boolean onTheDomain(String route) {
        return route.endsWith("." + DOMAIN) && route.indexOf('.') == route.length() - DOMAIN.length() - 1
                && !route.contains("/");
    }

    /** The app with a jar of its own in the folder, uploaded when it is pushed. */
    private AppManifest withJar(AppManifest app) {
        Path jar = folder.resolve("jars").resolve(app.name() + ".jar");
        try {
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "the bits of " + app.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AppManifest(app.name(), app.manifestFile(), jar.toString(), app.command(), app.memoryMb(),
                app.instances(), app.routes(), app.env(), app.healthCheckType(), app.healthCheckEndpoint(),
                app.timeoutSeconds());
    }

    /** The manifest entry {@code cf push -f} would read for the app. */
    private static ObjectNode entry(AppManifest app) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("name", app.name());
        entry.put("path", app.path());
        entry.put("memory", app.memoryMb() + "M");
        entry.put("instances", app.instances());
        if (app.command() != null) {
            entry.put("command", app.command());
        }
        ArrayNode routes = entry.putArray("routes");
        app.routes().forEach(r -> routes.addObject().put("route", r));
        ObjectNode env = entry.putObject("env");
        app.env().forEach(env::put);
        entry.put("health-check-type", app.healthCheckType());
        if (app.healthCheckEndpoint() != null) {
            entry.put("health-check-http-endpoint", app.healthCheckEndpoint());
        }
        entry.put("timeout", app.timeoutSeconds());
        return entry;
    }

    /** Where the Cloud Controller is, as a cf login names it. */
    public String url() {
        return cc.url();
    }

    /** Every call the foundation was asked, as "METHOD url", oldest first. */
    public List<String> calls() {
        return cc.calls();
    }

    /** The body of the first call made as {@code "METHOD url"}. */
    public String body(String call) {
        return cc.requests().stream().filter(r -> (r.getMethod().getName() + " " + r.getUrl()).equals(call))
                .findFirst().orElseThrow(() -> new AssertionError("no call " + call + " in " + calls()))
                .getBodyAsString();
    }

    /** Every body of the calls made as {@code "METHOD url"}, oldest first. */
    public List<String> bodies(String call) {
        return cc.requests().stream().filter(r -> (r.getMethod().getName() + " " + r.getUrl()).equals(call))
                .map(r -> r.getBodyAsString()).toList();
    }

    /** The container-to-container policies, as {@code FROM -> TO tcp START-END} with the apps' names. */
    public List<String> networkPolicies() {
        return model.policies();
    }

    /** The guid the foundation gave the app. */
    public String appGuid(String app) {
        return model.guidOf(app);
    }

    /** The guid of a route {@code host.apps.example.com} the foundation keeps. */
    public String routeGuid(String route) {
        return CloudControllerModel.routeGuid(route);
    }

    /** The guid of the app's destination on a route {@code host.apps.example.com} the foundation keeps. */
    public String destinationGuid(String route, String appGuid) {
        return CloudControllerModel.destinationGuid(CloudControllerModel.routeGuid(route), appGuid);
    }

    @Override
    public void close() {
        connection.close();
        cc.close();
    }
}
