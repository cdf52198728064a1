package io.cfkit.cfdeploy.cf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.manifest.Vars;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.cloudfoundry.reactor.DefaultConnectionContext;
import org.cloudfoundry.reactor.client.ReactorCloudFoundryClient;
import org.cloudfoundry.reactor.logcache.v1.ReactorLogCacheClient;
import org.cloudfoundry.reactor.networking.ReactorNetworkingClient;
import reactor.core.publisher.Mono;

/**
 * One connection to a foundation: cf-java-client's clients on the same connection and token, built from the login.
 * Closing it releases the connection pool.
 */
public final class CfConnection implements AutoCloseable {

    /** How often cf-deploy asks again while it waits for a job, a package, a build or instances. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final CfLogin login;
    private final DefaultConnectionContext context;
    private final LoginTokenProvider tokens;
    private final ReactorCloudFoundryClient cloudController;
    private final ReactorNetworkingClient networking;
    private final ReactorLogCacheClient logCache;

    public CfConnection(CfLogin login) {
        this.login = login;
        DefaultConnectionContext.Builder builder = DefaultConnectionContext.builder()
                .apiHost(login.api().getHost()).port(login.port()).secure(login.secure())
                .rootProvider(new LoginRootProvider(login, new ObjectMapper()))
                // A 401 makes the client invalidate the token (the next one comes from a refresh grant) and retry
                // the call once.
                .invalidTokenRetries(1L)
                .problemHandler(new StoppingInstances());
        if (login.secure()) {
            // Only on https: with plain http, skipSslValidation would start a TLS handshake.
            builder.skipSslValidation(login.skipSslValidation());
        }
        this.context = builder.build();
        this.tokens = new LoginTokenProvider(login);
        this.cloudController = ReactorCloudFoundryClient.builder().connectionContext(context).tokenProvider(tokens)
                .rootV2(Mono.error(new IllegalStateException("cf-deploy uses the v3 API only"))).build();
        this.networking = ReactorNetworkingClient.builder().connectionContext(context).tokenProvider(tokens).build();
        this.logCache = ReactorLogCacheClient.builder().connectionContext(context).tokenProvider(tokens).build();
    }

    /** The platform for one command; {@code vars} are the ones its manifests are pushed with. */
    public CfPlatform platform(PrintWriter out, boolean dryRun, Vars vars) {
        return platform(out, dryRun, vars, AppSet.of(List.of()));
    }

    /** The platform for a rollout: a new version of one of the kit's apps is pushed from its manifest and jar. */
    public CfPlatform platform(PrintWriter out, boolean dryRun, Vars vars, AppSet kitApps) {
        return platform(out, dryRun, new AppManifests(vars), kitApps, Duration.ofMillis(500), POLL_INTERVAL);
    }

    CfPlatform platform(PrintWriter out, boolean dryRun, Vars vars, Duration firstBackoff, Duration pollInterval) {
        return platform(out, dryRun, new AppManifests(vars), AppSet.of(List.of()), firstBackoff, pollInterval);
    }

    CfPlatform platform(PrintWriter out, boolean dryRun, AppManifests manifests, AppSet kitApps,
            Duration firstBackoff, Duration pollInterval) {
        CloudControllerCalls calls = new CloudControllerCalls(out, dryRun, firstBackoff, 3, Duration.ofMinutes(30));
        return new CfPlatform(cloudController, logCache, networking, calls, manifests, login, kitApps, out,
                pollInterval);
    }

    @Override
    public void close() {
        context.dispose();
    }
}
