package io.cfkit.cfdeploy.cf;

import io.cfkit.cfdeploy.Poller;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.AppStatus.InstanceStatus;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.platform.SmokeTarget;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.net.URI;
import org.cloudfoundry.client.v3.ClientV3Exception;
import org.cloudfoundry.client.v3.applications.DeleteApplicationRequest;
import org.cloudfoundry.client.v3.applications.StartApplicationRequest;
import org.cloudfoundry.client.v3.applications.StopApplicationRequest;
import org.cloudfoundry.client.v3.applications.UpdateApplicationRequest;
import org.cloudfoundry.client.v3.domains.ListDomainsRequest;
import org.cloudfoundry.client.v3.organizations.GetOrganizationDefaultDomainRequest;
import org.cloudfoundry.client.v3.organizations.GetOrganizationDefaultDomainResponse;
import org.cloudfoundry.client.v3.routes.Application;
import org.cloudfoundry.client.v3.routes.CreateRouteRequest;
import org.cloudfoundry.client.v3.routes.DeleteRouteRequest;
import org.cloudfoundry.client.v3.routes.Destination;
import org.cloudfoundry.client.v3.routes.InsertRouteDestinationsRequest;
import org.cloudfoundry.client.v3.routes.ListRoutesRequest;
import org.cloudfoundry.client.v3.routes.RemoveRouteDestinationsRequest;
import org.cloudfoundry.client.v3.routes.RouteRelationships;
import org.cloudfoundry.client.CloudFoundryClient;
import org.cloudfoundry.client.v3.Relationship;
import org.cloudfoundry.client.v3.ToOneRelationship;
import org.cloudfoundry.client.v3.applications.ApplicationResource;
import org.cloudfoundry.client.v3.applications.ApplicationState;
import org.cloudfoundry.client.v3.applications.GetApplicationEnvironmentVariablesRequest;
import org.cloudfoundry.client.v3.applications.GetApplicationProcessRequest;
import org.cloudfoundry.client.v3.applications.GetApplicationProcessResponse;
import org.cloudfoundry.client.v3.applications.GetApplicationProcessStatisticsRequest;
import org.cloudfoundry.client.v3.applications.ListApplicationRoutesRequest;
import org.cloudfoundry.client.v3.applications.ListApplicationsRequest;
import org.cloudfoundry.client.v3.applications.RestartApplicationRequest;
import org.cloudfoundry.client.v3.applications.ScaleApplicationRequest;
import org.cloudfoundry.client.v3.applications.SetApplicationCurrentDropletRequest;
import org.cloudfoundry.client.v3.builds.BuildState;
import org.cloudfoundry.client.v3.deployments.CreateDeploymentRequest;
import org.cloudfoundry.client.v3.deployments.DeploymentRelationships;
import org.cloudfoundry.client.v3.deployments.DeploymentStatusReason;
import org.cloudfoundry.client.v3.deployments.DeploymentStatusValue;
import org.cloudfoundry.client.v3.deployments.GetDeploymentRequest;
import org.cloudfoundry.client.v3.deployments.GetDeploymentResponse;
import org.cloudfoundry.client.v3.builds.CreateBuildRequest;
import org.cloudfoundry.client.v3.builds.GetBuildRequest;
import org.cloudfoundry.client.v3.builds.GetBuildResponse;
import org.cloudfoundry.client.v3.jobs.GetJobRequest;
import org.cloudfoundry.client.v3.jobs.GetJobResponse;
import org.cloudfoundry.client.v3.jobs.JobState;
import org.cloudfoundry.client.v3.organizations.ListOrganizationsRequest;
import org.cloudfoundry.client.v3.organizations.OrganizationResource;
import org.cloudfoundry.client.v3.packages.CreatePackageRequest;
import org.cloudfoundry.client.v3.packages.GetPackageRequest;
import org.cloudfoundry.client.v3.packages.GetPackageResponse;
import org.cloudfoundry.client.v3.packages.PackageRelationships;
import org.cloudfoundry.client.v3.packages.PackageState;
import org.cloudfoundry.client.v3.packages.PackageType;
import org.cloudfoundry.client.v3.packages.UploadPackageRequest;
import org.cloudfoundry.client.v3.processes.ProcessState;
import org.cloudfoundry.client.v3.processes.ProcessStatisticsResource;
import org.cloudfoundry.client.v3.routes.RouteResource;
import org.cloudfoundry.client.v3.spaces.ApplyManifestRequest;
import org.cloudfoundry.client.v3.spaces.ListSpacesRequest;
import org.cloudfoundry.client.v3.spaces.SpaceResource;
import org.cloudfoundry.logcache.v1.Envelope;
import org.cloudfoundry.logcache.v1.EnvelopeType;
import org.cloudfoundry.logcache.v1.LogCacheClient;
import org.cloudfoundry.logcache.v1.ReadRequest;
import org.cloudfoundry.networking.NetworkingClient;
import org.cloudfoundry.networking.v1.policies.CreatePoliciesRequest;
import org.cloudfoundry.networking.v1.policies.ListPoliciesRequest;
import org.cloudfoundry.networking.v1.policies.Policy;
import org.cloudfoundry.networking.v1.policies.Ports;
import org.cloudfoundry.networking.v1.policies.Source;
import org.cloudfoundry.util.PaginationUtils;
import reactor.core.publisher.Mono;

/**
 * The Cloud Foundry platform: the same operations as the local platform, made with the v3 API of the org and space
 * the login targets, as the cf CLI makes them ({@code cf apps}, {@code cf scale}, {@code cf push -f},
 * {@code cf logs --recent}).
 */
public final class CfPlatform implements Platform {

    private static final String WEB = "web";

    private final CloudFoundryClient cloudController;
    private final LogCacheClient logCache;
    private final NetworkingClient networking;
    private final CloudControllerCalls calls;
    private final AppManifests manifests;
    private final CfLogin login;
    private final AppSet kitApps;
    private final PrintWriter out;
    private final Duration pollInterval;
    private String spaceGuid;
    private String orgGuid;

    /** @param kitApps the kit's manifests: a version of one of these apps is pushed from its file and jar */
    CfPlatform(CloudFoundryClient cloudController, LogCacheClient logCache, NetworkingClient networking,
            CloudControllerCalls calls, AppManifests manifests, CfLogin login, AppSet kitApps, PrintWriter out,
            Duration pollInterval) {
        this.cloudController = cloudController;
        this.logCache = logCache;
        this.networking = networking;
        this.calls = calls;
        this.manifests = manifests;
        this.login = login;
        this.kitApps = kitApps;
        this.out = out;
        this.pollInterval = pollInterval;
    }

    @Override
    public List<AppStatus> apps() {
        return spaceApps().stream().map(this::status).toList();
    }

    /** The guids of the space's started apps, by name, in the order of their names. */
    Map<String, String> startedApps() {
        Map<String, String> started = new LinkedHashMap<>();
        spaceApps().stream().filter(a -> a.getState() == ApplicationState.STARTED)
                .forEach(a -> started.put(a.getName(), a.getId()));
        return started;
    }

    private List<ApplicationResource> spaceApps() {
        String space = spaceGuid();
        List<ApplicationResource> apps = calls.read("GET /v3/apps?space_guids=" + space,
                () -> PaginationUtils.requestClientV3Resources(page -> cloudController.applicationsV3().list(
                        ListApplicationsRequest.builder().spaceId(space).page(page).build())).collectList());
        return apps.stream().sorted(Comparator.comparing(ApplicationResource::getName)).toList();
    }

    private AppStatus status(ApplicationResource app) {
        GetApplicationProcessResponse web = webProcess(app.getId());
        List<String> routes = routes(app.getId());
        long now = System.currentTimeMillis();
        List<InstanceStatus> instances = instances(app.getId()).stream()
                .map(i -> new InstanceStatus(i.getIndex(), i.getState().getValue(), port(i), url(i), 0,
                        i.getUptime() != null ? now - i.getUptime() * 1000 : now, 0))
                .toList();
        return new AppStatus(app.getName(), app.getState().getValue(), web.getInstances(), web.getMemoryInMb(),
                routes, instances);
    }

    private static int port(ProcessStatisticsResource instance) {
        return instance.getInstancePorts() == null || instance.getInstancePorts().isEmpty() ? 0
                : instance.getInstancePorts().get(0).getExternal();
    }

    private static String url(ProcessStatisticsResource instance) {
        return instance.getHost() == null || instance.getHost().isEmpty() || port(instance) == 0 ? ""
                : "http://" + instance.getHost() + ":" + port(instance);
    }

    @Override
    public void scale(String app, int instances) {
        if (instances < 0) {
            throw new UserError("cannot scale " + app + " to " + instances + " instances: give 0 or more");
        }
        String guid = requireAppGuid(app);
        calls.idempotentChange("POST /v3/apps/" + guid + "/processes/web/actions/scale {\"instances\":" + instances
                + "}",
                () -> cloudController.applicationsV3().scale(ScaleApplicationRequest.builder().applicationId(guid)
                        .type(WEB).instances(instances).build()));
        if (!calls.dryRun()) {
            awaitRunning(app, guid, instances, Duration.ofSeconds(Math.max(60, healthTimeout(guid))));
        }
    }

    @Override
    public Optional<AppManifest> manifest(String app) {
        return appGuid(app).map(guid -> {
            GetApplicationProcessResponse web = webProcess(guid);
            List<String> routes = routes(guid);
            Map<String, String> env = calls.read("GET /v3/apps/" + guid + "/environment_variables",
                    () -> cloudController.applicationsV3().getEnvironmentVariables(
                            GetApplicationEnvironmentVariablesRequest.builder().applicationId(guid).build()))
                    .getVars();
            var health = web.getHealthCheck();
            // Where a new version of it is pushed from, if the kit has the app: the kit's manifest file and jar, and
            // the instance count the manifest asks for (as on the local platform: apps() says how many run now).
            Optional<AppManifest> kit = AppManifests.versionOf(app, kitApps.names()).map(kitApps::app);
            return new AppManifest(app, kit.map(AppManifest::manifestFile).orElse("(running on " + login.api() + ")"),
                    kit.map(AppManifest::path).orElse(null), web.getCommand(),
                    web.getMemoryInMb(), kit.map(AppManifest::instances).orElse(web.getInstances()), routes, env,
                    health != null ? health.getType().getValue() : "port",
                    health != null && health.getData() != null ? health.getData().getEndpoint() : null,
                    healthTimeout(web));
        });
    }

    /**
     * Pushes as {@code cf push -f} does on v3: apply_manifest, a bits package with the jar, a build, the droplet,
     * a restart, then waits until the manifest's instances run. Until the droplet is set the app keeps running what
     * it ran; a failure after that leaves the new droplet in place, as cf push does.
     */
    @Override
    public void push(AppManifest app) {
        push(app, PushStrategy.RESTART);
    }

    /** How a pushed droplet replaces the running one. */
    public enum PushStrategy {
        /** Set the droplet and restart every instance at once, as {@code cf push} does by default. */
        RESTART,
        /** A v3 rolling deployment: new instances start and become healthy before old ones stop. */
        ROLLING
    }

    /**
     * Pushes as {@code cf push -f [--strategy rolling]} does on v3; with {@link PushStrategy#ROLLING} the droplet
     * goes out in a deployment instead of a restart.
     */
    public void push(AppManifest app, PushStrategy strategy) {
        String space = spaceGuid();
        byte[] manifest = manifests.applicationManifest(app).getBytes(StandardCharsets.UTF_8);
        String job = calls.idempotentChange("POST /v3/spaces/" + space + "/actions/apply_manifest (" + app.name() + ")",
                () -> cloudController.spacesV3().applyManifest(ApplyManifestRequest.builder().spaceId(space)
                        .manifest(manifest).build()).map(r -> r.getJobId().orElse("")));
        if (job != null && !job.isEmpty()) {
            GetJobResponse done = await("GET /v3/jobs/" + job,
                    () -> cloudController.jobsV3().get(GetJobRequest.builder().jobId(job).build()),
                    j -> j.getState() == JobState.COMPLETE || j.getState() == JobState.FAILED, Duration.ofMinutes(5));
            if (done.getState() == JobState.FAILED) {
                throw new UserError("the manifest of " + app.name() + " was refused: " + done.getErrors().stream()
                        .map(e -> e.getDetail()).findFirst().orElse("no reason given")
                        + " (fix " + app.manifestFile() + ")");
            }
        }
        String appGuid = calls.dryRun() ? appGuid(app.name()).orElse("<guid of " + app.name() + ">")
                : requireAppGuid(app.name());
        String pkg = Optional.ofNullable(calls.change("POST /v3/packages {\"type\":\"bits\",\"app\":" + appGuid + "}",
                () -> cloudController.packages().create(CreatePackageRequest.builder().type(PackageType.BITS)
                        .relationships(PackageRelationships.builder().application(toOne(appGuid)).build()).build())
                        .map(p -> p.getId()))).orElse("<new package>");
        calls.change("POST /v3/packages/" + pkg + "/upload (" + Path.of(app.path()).getFileName() + ")",
                () -> cloudController.packages().upload(UploadPackageRequest.builder().packageId(pkg)
                        .bits(Path.of(app.path())).build()));
        if (!calls.dryRun()) {
            GetPackageResponse ready = await("GET /v3/packages/" + pkg,
                    () -> cloudController.packages().get(GetPackageRequest.builder().packageId(pkg).build()),
                    p -> p.getState() == PackageState.READY || p.getState() == PackageState.FAILED
                            || p.getState() == PackageState.EXPIRED, Duration.ofMinutes(5));
            if (ready.getState() != PackageState.READY) {
                throw new UserError("the upload of " + app.name() + " ended " + ready.getState() + ": push again");
            }
        }
        String build = Optional.ofNullable(calls.change("POST /v3/builds {\"package\":" + pkg + "}",
                () -> cloudController.builds().create(CreateBuildRequest.builder()
                        .getPackage(Relationship.builder().id(pkg).build()).build()).map(b -> b.getId())))
                .orElse("<new build>");
        String droplet = "<droplet of the new build>";
        if (!calls.dryRun()) {
            GetBuildResponse staged = await("GET /v3/builds/" + build,
                    () -> cloudController.builds().get(GetBuildRequest.builder().buildId(build).build()),
                    b -> b.getState() != BuildState.STAGING, Duration.ofMinutes(15));
            if (staged.getState() != BuildState.STAGED) {
                throw new UserError(app.name() + " failed to stage: " + staged.getError()
                        + " (see: cf-deploy logs " + app.name() + " --recent --target cf)");
            }
            droplet = staged.getDroplet().getId();
        }
        String dropletGuid = droplet;
        if (strategy == PushStrategy.ROLLING) {
            deploy(app, appGuid, dropletGuid);
            return;
        }
        calls.idempotentChange("PATCH /v3/apps/" + appGuid + "/relationships/current_droplet {\"guid\":" + droplet
                + "}",
                () -> cloudController.applicationsV3().setCurrentDroplet(SetApplicationCurrentDropletRequest.builder()
                        .applicationId(appGuid).data(Relationship.builder().id(dropletGuid).build()).build()));
        calls.change("POST /v3/apps/" + appGuid + "/actions/restart",
                () -> cloudController.applicationsV3().restart(RestartApplicationRequest.builder()
                        .applicationId(appGuid).build()));
        if (!calls.dryRun()) {
            awaitRunning(app.name(), appGuid, app.instances(),
                    Duration.ofSeconds(Math.max(60, app.timeoutSeconds() * 2L)));
        }
    }

    /** A rolling deployment of the droplet; returns once it is deployed and the manifest's instances run. */
    private void deploy(AppManifest app, String appGuid, String droplet) {
        String deployment = Optional.ofNullable(calls.change("POST /v3/deployments {\"droplet\":" + droplet
                + ",\"app\":" + appGuid + "}", () -> cloudController.deploymentsV3().create(
                CreateDeploymentRequest.builder().droplet(Relationship.builder().id(droplet).build())
                        .relationships(DeploymentRelationships.builder().app(toOne(appGuid)).build()).build())
                .map(d -> d.getId()))).orElse("<new deployment>");
        if (calls.dryRun()) {
            return;
        }
        Duration timeout = Duration.ofSeconds(Math.max(120, app.timeoutSeconds() * 2L * Math.max(1, app.instances())));
        GetDeploymentResponse done = await("GET /v3/deployments/" + deployment,
                () -> cloudController.deploymentsV3().get(GetDeploymentRequest.builder().deploymentId(deployment)
                        .build()),
                d -> d.getStatus().getValue() == DeploymentStatusValue.FINALIZED, timeout,
                "the rolling deployment of " + app.name() + " is not done after " + timeout.toSeconds()
                        + " s: see cf-deploy apps --target cf (cf cancel-deployment " + app.name() + " undoes it)");
        if (done.getStatus().getReason() != DeploymentStatusReason.DEPLOYED) {
            throw new UserError("the rolling deployment of " + app.name() + " ended "
                    + done.getStatus().getReason().getValue() + ": the old instances keep running (see: cf-deploy logs "
                    + app.name() + " --recent --target cf)");
        }
        awaitRunning(app.name(), appGuid, app.instances(), timeout);
    }

    @Override
    public List<String> recentLogs(String app, int lines) {
        String guid = requireAppGuid(app);
        // As cf logs --recent: the newest LOG envelopes, newest first, printed oldest first.
        List<Envelope> envelopes = calls.read("GET /api/v1/read/" + guid + " (log cache)",
                () -> logCache.read(ReadRequest.builder().sourceId(guid).envelopeType(EnvelopeType.LOG)
                        .limit(Math.min(1000, Math.max(1, lines))).descending(true).build())
                        .map(r -> r.getEnvelopes() != null && r.getEnvelopes().getBatch() != null
                                ? r.getEnvelopes().getBatch() : List.<Envelope>of()));
        List<String> printed = new ArrayList<>();
        for (int i = envelopes.size() - 1; i >= 0; i--) {
            printed.add(LogLine.of(envelopes.get(i)));
        }
        return printed;
    }

    /** Adds the policies the kit needs ({@link NetworkPolicies#needed}) that are missing, for its started apps. */
    public void allowKitTraffic(AppSet kit) {
        allow(NetworkPolicies.needed(kit, startedApps().keySet()));
    }

    /** Adds the container-to-container policies that are missing, as {@code cf add-network-policy} does. */
    private void allow(List<NetworkPolicies.Policy> policies) {
        // read once per source: the kit's policies share a few sources (the gateway and its switched versions)
        Map<String, List<Policy>> existing = new HashMap<>();
        for (NetworkPolicies.Policy policy : policies) {
            Ports port = Ports.builder().start(policy.port()).end(policy.port()).build();
            String source = guidForPolicy(policy.source());
            if (allow(new PolicyLink(source, guidForPolicy(policy.destination()), "tcp", port),
                    policy.source() + " -> " + policy.destination() + ", tcp " + policy.port(),
                    existing.computeIfAbsent(source, this::policiesOf))) {
                out.println("Allowed " + policy.source() + " to reach " + policy.destination() + " on port "
                        + policy.port() + (calls.dryRun() ? " (dry run)" : "") + ".");
                out.flush();
            }
        }
    }

    /** Copies every policy that names {@code like}, as source or as destination, with {@code app} in its place. */
    @Override
    public void allowTrafficLike(String app, String like) {
        String appGuid = guidForPolicy(app);
        String likeGuid = requireAppGuid(like);
        Map<String, String> names = new LinkedHashMap<>();
        spaceApps().forEach(a -> names.put(a.getId(), a.getName()));
        names.put(appGuid, app);
        // every copy names the app: its own policies (as source or destination) say which it has already
        List<Policy> existing = policiesOf(appGuid);
        int added = 0;
        for (Policy policy : policiesOf(likeGuid)) {
            String source = policy.getSource().getId();
            String destination = policy.getDestination().getId();
            if (!source.equals(likeGuid) && !destination.equals(likeGuid)) {
                continue;
            }
            PolicyLink copy = new PolicyLink(source.equals(likeGuid) ? appGuid : source,
                    destination.equals(likeGuid) ? appGuid : destination, policy.getDestination().getProtocol(),
                    policy.getDestination().getPorts());
            if (allow(copy, names.getOrDefault(copy.source(), copy.source()) + " -> "
                    + names.getOrDefault(copy.destination(), copy.destination()) + ", " + copy.protocol() + " "
                    + copy.ports().getStart() + "-" + copy.ports().getEnd(), existing)) {
                added++;
            }
        }
        if (added > 0) {
            out.println("Allowed " + app + " the " + added + " network polic" + (added == 1 ? "y " : "ies ") + like
                    + " has" + (calls.dryRun() ? " (dry run)" : "") + ".");
            out.flush();
        }
    }

    /** One container-to-container policy, by app guids. */
    private record PolicyLink(String source, String destination, String protocol, Ports ports) {

        boolean coveredBy(Policy policy) {
            return policy.getSource().getId().equals(source) && policy.getDestination().getId().equals(destination)
                    && protocol.equals(policy.getDestination().getProtocol())
                    && policy.getDestination().getPorts().getStart() <= ports.getStart()
                    && policy.getDestination().getPorts().getEnd() >= ports.getEnd();
        }
    }

    /** Adds the policy unless one of {@code existing} covers it already; whether it was added. */
    private boolean allow(PolicyLink link, String description, List<Policy> existing) {
        if (existing.stream().anyMatch(link::coveredBy)) {
            return false;
        }
        // The policy server keeps one copy of a policy however often it is added: safe to retry.
        calls.idempotentChange("POST /networking/v1/external/policies {" + description + "}",
                () -> networking.policies().create(CreatePoliciesRequest.builder().policy(Policy.builder()
                        .source(Source.builder().id(link.source()).build())
                        .destination(org.cloudfoundry.networking.v1.policies.Destination.builder()
                                .id(link.destination()).protocol(link.protocol()).ports(link.ports()).build())
                        .build()).build()).thenReturn(true));
        return true;
    }

    /**
     * The policies with the app as source or destination, as the policy server lists them for its id; none for an app
     * a dry run has not pushed, which has no guid yet.
     */
    private List<Policy> policiesOf(String guid) {
        if (guid.startsWith("<")) {
            return List.of();
        }
        return calls.read("GET /networking/v1/external/policies?id=" + guid,
                () -> networking.policies().list(ListPoliciesRequest.builder().policyGroupId(guid).build()))
                .getPolicies();
    }

    private String guidForPolicy(String app) {
        return calls.dryRun() ? appGuid(app).orElse("<guid of " + app + ">") : requireAppGuid(app);
    }

    private void awaitRunning(String app, String guid, int instances, Duration timeout) {
        await("GET /v3/apps/" + guid + "/processes/web/stats", () -> cloudController.applicationsV3()
                .getProcessStatistics(GetApplicationProcessStatisticsRequest.builder().applicationId(guid)
                        .type(WEB).build()).map(s -> s.getResources()),
                stats -> stats.size() == instances
                        && stats.stream().allMatch(i -> i.getState() == ProcessState.RUNNING),
                timeout, app + " does not run " + instances + " instance" + (instances == 1 ? "" : "s")
                        + " after " + timeout.toSeconds() + " s (see: cf-deploy apps --target cf, cf-deploy logs "
                        + app + " --recent --target cf)");
    }

    private <T> T await(String call, Supplier<Mono<T>> request, Predicate<T> done, Duration timeout) {
        return await(call, request, done, timeout, call + " did not finish in " + timeout.toSeconds() + " s");
    }

    /** Asks until {@code done}, every poll interval; after {@code timeout}, a user error saying {@code whenLate}. */
    private <T> T await(String call, Supplier<Mono<T>> request, Predicate<T> done, Duration timeout, String whenLate) {
        AtomicReference<T> last = new AtomicReference<>();
        Poller.every(pollInterval, timeout).await(() -> {
            last.set(calls.read(call, request));
            return done.test(last.get());
        }, () -> whenLate);
        return last.get();
    }

    List<ProcessStatisticsResource> instances(String guid) {
        return calls.read("GET /v3/apps/" + guid + "/processes/web/stats", () -> cloudController.applicationsV3()
                .getProcessStatistics(GetApplicationProcessStatisticsRequest.builder().applicationId(guid).type(WEB)
                        .build()).map(s -> s.getResources()));
    }

    List<String> routes(String guid) {
        return calls.read("GET /v3/apps/" + guid + "/routes", () -> PaginationUtils.<RouteResource,
                org.cloudfoundry.client.v3.applications.ListApplicationRoutesResponse>requestClientV3Resources(
                        page -> cloudController.applicationsV3().listRoutes(ListApplicationRoutesRequest.builder()
                                .applicationId(guid).page(page).build()))
                .map(RouteResource::getUrl).collectList());
    }

    private GetApplicationProcessResponse webProcess(String guid) {
        return calls.read("GET /v3/apps/" + guid + "/processes/web", () -> cloudController.applicationsV3()
                .getProcess(GetApplicationProcessRequest.builder().applicationId(guid).type(WEB).build()));
    }

    private int healthTimeout(String guid) {
        return healthTimeout(webProcess(guid));
    }

    private static int healthTimeout(GetApplicationProcessResponse web) {
        return web.getHealthCheck() != null && web.getHealthCheck().getData() != null
                && web.getHealthCheck().getData().getTimeout() != null
                ? web.getHealthCheck().getData().getTimeout() : 60;
    }

    String requireAppGuid(String app) {
        return appGuid(app).orElseThrow(() -> new UserError("unknown app '" + app + "' in org " + login.org()
                + ", space " + login.space() + ": see cf-deploy apps --target cf (or push it: cf-deploy push "
                + app + " --target cf)"));
    }

    private Optional<String> appGuid(String app) {
        String space = spaceGuid();
        List<ApplicationResource> found = calls.read("GET /v3/apps?names=" + app + "&space_guids=" + space,
                () -> cloudController.applicationsV3().list(ListApplicationsRequest.builder().name(app).spaceId(space)
                        .build()).map(r -> r.getResources()));
        return found.stream().findFirst().map(ApplicationResource::getId);
    }

    /** The targeted space, looked up by name in the targeted org, as the cf CLI's target names them. */
    String spaceGuid() {
        if (spaceGuid == null) {
            List<OrganizationResource> orgs = calls.read("GET /v3/organizations?names=" + login.org(),
                    () -> cloudController.organizationsV3().list(ListOrganizationsRequest.builder().name(login.org())
                            .build()).map(r -> r.getResources()));
            if (orgs.isEmpty()) {
                throw new UserError("org '" + login.org() + "' does not exist or you are not a member: see cf orgs,"
                        + " then cf target -o ORG");
            }
            orgGuid = orgs.get(0).getId();
            String org = orgGuid;
            List<SpaceResource> spaces = calls.read("GET /v3/spaces?names=" + login.space()
                            + "&organization_guids=" + org,
                    () -> cloudController.spacesV3().list(ListSpacesRequest.builder().name(login.space())
                            .organizationId(org).build()).map(r -> r.getResources()));
            if (spaces.isEmpty()) {
                throw new UserError("space '" + login.space() + "' does not exist in org '" + login.org()
                        + "' or you are not a member: see cf spaces, then cf target -o " + login.org() + " -s SPACE");
            }
            spaceGuid = spaces.get(0).getId();
        }
        return spaceGuid;
    }

    private static ToOneRelationship toOne(String guid) {
        return ToOneRelationship.builder().data(Relationship.builder().id(guid).build()).build();
    }

    // What a rollout needs, as the cf CLI does it: cf start, cf stop, cf delete, cf map-route, cf unmap-route,
    // cf add-network-policy; the smoke test's route is made and deleted like cf create-route / cf delete-route.

    /** {@code cf start}: the app's instances start with the count it was stopped with; returns once they run. */
    @Override
    public void start(String app) {
        String guid = requireAppGuid(app);
        // Starting a started app changes nothing: safe to retry.
        calls.idempotentChange("POST /v3/apps/" + guid + "/actions/start", () -> cloudController.applicationsV3()
                .start(StartApplicationRequest.builder().applicationId(guid).build()));
        if (!calls.dryRun()) {
            GetApplicationProcessResponse web = webProcess(guid);
            awaitRunning(app, guid, web.getInstances(), Duration.ofSeconds(Math.max(60, healthTimeout(web) * 2L)));
        }
    }

    /** {@code cf stop}: the app, its droplet and instance count stay for a later start. */
    @Override
    public void stop(String app) {
        String guid = requireAppGuid(app);
        calls.idempotentChange("POST /v3/apps/" + guid + "/actions/stop", () -> cloudController.applicationsV3()
                .stop(StopApplicationRequest.builder().applicationId(guid).build()));
    }

    /** {@code cf delete}: waits for the deletion job; an app the space does not have is already deleted. */
    @Override
    public void delete(String app) {
        Optional<String> found = appGuid(app);
        if (found.isEmpty()) {
            return;
        }
        String guid = found.get();
        // Deleting twice leaves the app deleted: retried, and a 404 on a retry means the first one did it.
        String job = calls.idempotentChange("DELETE /v3/apps/" + guid, () -> cloudController.applicationsV3()
                .delete(DeleteApplicationRequest.builder().applicationId(guid).build())
                .onErrorResume(CfPlatform::notFound, e -> Mono.just("")));
        awaitJob(job, "the deletion of " + app);
    }

    /** {@code cf rename}: one PATCH of the app's name; made again after it went through, it finds nothing to do. */
    @Override
    public void rename(String app, String newName) {
        Optional<String> found = appGuid(app);
        if (found.isEmpty() && appGuid(newName).isPresent()) {
            return;
        }
        String guid = calls.dryRun() ? found.orElse("<guid of " + app + ">") : requireAppGuid(app);
        calls.idempotentChange("PATCH /v3/apps/" + guid + " {\"name\":\"" + newName + "\"}", () -> cloudController
                .applicationsV3().update(UpdateApplicationRequest.builder().applicationId(guid).name(newName)
                        .build()));
    }

    /**
     * A route of its own on the org's default domain, {@code APP-smoke-xxxxxx.DOMAIN}, mapped to the app only: the
     * smoke test reaches the new version there before any live route does. Closing deletes the route.
     */
    @Override
    public SmokeTarget openSmokeTarget(String app) {
        String guid = calls.dryRun() ? appGuid(app).orElse("<guid of " + app + ">") : requireAppGuid(app);
        String space = spaceGuid();
        GetOrganizationDefaultDomainResponse domain = calls.read("GET /v3/organizations/" + orgGuid
                + "/domains/default", () -> cloudController.organizationsV3().getDefaultDomain(
                GetOrganizationDefaultDomainRequest.builder().organizationId(orgGuid).build()));
        String host = smokeHost(app);
        String route = Optional.ofNullable(calls.change("POST /v3/routes {\"host\":\"" + host + "\",\"domain\":"
                + domain.getId() + "}", () -> cloudController.routesV3().create(CreateRouteRequest.builder()
                .host(host).relationships(RouteRelationships.builder().space(toOne(space))
                        .domain(toOne(domain.getId())).build()).build()).map(r -> r.getId())))
                .orElse("<new route>");
        SmokeRoute target = new SmokeRoute(route, URI.create("https://" + host + "." + domain.getName()));
        try {
            addDestination(route, guid);
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }

    /** A host name of at most 63 characters (DNS's label limit) that no other smoke test of the app uses. */
    static String smokeHost(String app) {
        StringBuilder suffix = new StringBuilder("-smoke-");
        for (int i = 0; i < 6; i++) {
            suffix.append(SMOKE_HOST_CHARS.charAt(RANDOM.nextInt(SMOKE_HOST_CHARS.length())));
        }
        String name = app.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return name.substring(0, Math.min(name.length(), 63 - suffix.length())) + suffix;
    }

    private static final String SMOKE_HOST_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** The smoke test's route; closing deletes it, with the app's destination on it. */
    private final class SmokeRoute implements SmokeTarget {

        private final String guid;
        private final URI url;
        private boolean closed;

        SmokeRoute(String guid, URI url) {
            this.guid = guid;
            this.url = url;
        }

        @Override
        public List<URI> urls() {
            return List.of(url);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            String job = calls.idempotentChange("DELETE /v3/routes/" + guid, () -> cloudController.routesV3()
                    .delete(DeleteRouteRequest.builder().routeId(guid).build())
                    .onErrorResume(CfPlatform::notFound, e -> Mono.just("")));
            awaitJob(job, "the deletion of the route " + url.getHost());
        }
    }

    /** {@code cf map-route}: finds the route (or creates it in the space) and adds the app as a destination. */
    @Override
    public void mapRoute(String app, String route) {
        String guid = calls.dryRun() ? appGuid(app).orElse("<guid of " + app + ">") : requireAppGuid(app);
        RouteAddress address = RouteAddress.parse(route);
        Domain domain = domain(address.domain(), route);
        Optional<RouteResource> found = route(address, domain.guid());
        String routeGuid;
        if (found.isPresent()) {
            routeGuid = found.get().getId();
            if (destinationOf(found.get(), guid).isPresent()) {
                return;
            }
        } else {
            String space = spaceGuid();
            routeGuid = Optional.ofNullable(calls.change("POST /v3/routes {\"host\":\"" + address.host()
                    + "\",\"path\":\"" + address.path() + "\",\"domain\":" + domain.guid() + "}",
                    () -> cloudController.routesV3().create(CreateRouteRequest.builder().host(address.host())
                            .path(address.path()).relationships(RouteRelationships.builder().space(toOne(space))
                                    .domain(toOne(domain.guid())).build()).build()).map(r -> r.getId())))
                    .orElse("<new route>");
        }
        addDestination(routeGuid, guid);
    }

    /** {@code cf unmap-route}: removes the app's destination from the route; the route stays for other apps. */
    @Override
    public void unmapRoute(String app, String route) {
        String guid = requireAppGuid(app);
        RouteAddress address = RouteAddress.parse(route);
        Domain domain = domain(address.domain(), route);
        Optional<String> destination = route(address, domain.guid()).flatMap(r -> destinationOf(r, guid)
                .map(d -> r.getId() + "/destinations/" + d));
        destination.ifPresent(path -> {
            String routeGuid = path.substring(0, path.indexOf('/'));
            String destinationGuid = path.substring(path.lastIndexOf('/') + 1);
            calls.change("DELETE /v3/routes/" + path, () -> cloudController.routesV3().removeDestinations(
                    RemoveRouteDestinationsRequest.builder().routeId(routeGuid).destinationId(destinationGuid)
                            .build()).thenReturn(true));
        });
    }

    private void addDestination(String route, String appGuid) {
        calls.change("POST /v3/routes/" + route + "/destinations {\"app\":" + appGuid + "}",
                () -> cloudController.routesV3().insertDestinations(InsertRouteDestinationsRequest.builder()
                        .routeId(route).destination(Destination.builder().application(
                                Application.builder().applicationId(appGuid).build()).build()).build()));
    }

    private static Optional<String> destinationOf(RouteResource route, String appGuid) {
        return route.getDestinations().stream().filter(d -> d.getApplication() != null
                && appGuid.equals(d.getApplication().getApplicationId())).map(Destination::getDestinationId)
                .findFirst();
    }

    /** A route as the manifest writes it, {@code host.domain[/path]}. */
    record RouteAddress(String host, String domain, String path) {

        static RouteAddress parse(String route) {
            int slash = route.indexOf('/');
            String hostAndDomain = slash < 0 ? route : route.substring(0, slash);
            String path = slash < 0 ? "" : route.substring(slash);
            int dot = hostAndDomain.indexOf('.');
            if (dot <= 0 || dot == hostAndDomain.length() - 1 || hostAndDomain.contains(":")) {
                throw new UserError("route '" + route + "' is not host.domain[/path]: write it as in a manifest,"
                        + " like hello.apps.example.com");
            }
            return new RouteAddress(hostAndDomain.substring(0, dot), hostAndDomain.substring(dot + 1), path);
        }
    }

    private record Domain(String guid, String name) {
    }

    private Domain domain(String name, String route) {
        List<? extends org.cloudfoundry.client.v3.domains.Domain> found = calls.read("GET /v3/domains?names=" + name,
                () -> cloudController.domainsV3().list(ListDomainsRequest.builder().name(name).build())
                        .map(r -> r.getResources()));
        return found.stream().findFirst().map(d -> new Domain(d.getId(), d.getName())).orElseThrow(() ->
                new UserError("route '" + route + "': the domain " + name + " does not exist in org " + login.org()
                        + ": see cf domains"));
    }

    private Optional<RouteResource> route(RouteAddress address, String domainGuid) {
        List<RouteResource> found = calls.read("GET /v3/routes?domain_guids=" + domainGuid + "&hosts=" + address.host()
                + "&paths=" + address.path(), () -> cloudController.routesV3().list(ListRoutesRequest.builder()
                .domainId(domainGuid).host(address.host()).path(address.path()).build()).map(r -> r.getResources()));
        return found.stream().findFirst();
    }

    /** Waits for a job the Cloud Controller answered a change with (none under --dry-run or for a 404). */
    private void awaitJob(String job, String what) {
        if (job == null || job.isEmpty()) {
            return;
        }
        GetJobResponse done = await("GET /v3/jobs/" + job,
                () -> cloudController.jobsV3().get(GetJobRequest.builder().jobId(job).build()),
                j -> j.getState() == JobState.COMPLETE || j.getState() == JobState.FAILED, Duration.ofMinutes(5));
        if (done.getState() == JobState.FAILED) {
            throw new UserError(what + " failed: " + done.getErrors().stream().map(e -> e.getDetail()).findFirst()
                    .orElse("no reason given") + " (see cf-deploy apps --target cf)");
        }
    }

    private static boolean notFound(Throwable e) {
        return e instanceof ClientV3Exception v3 && v3.getStatusCode() == 404;
    }
}
