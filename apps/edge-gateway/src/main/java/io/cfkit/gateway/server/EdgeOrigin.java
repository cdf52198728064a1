package io.cfkit.gateway.server;

import com.netflix.client.config.CommonClientConfigKey;
import com.netflix.client.config.IClientConfig;
import com.netflix.config.CachedDynamicBooleanProperty;
import com.netflix.config.CachedDynamicIntProperty;
import com.netflix.spectator.api.Registry;
import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.discovery.DiscoveryResult;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.netty.NettyRequestAttemptFactory;
import com.netflix.zuul.netty.connectionpool.ClientChannelManager;
import com.netflix.zuul.netty.connectionpool.PooledConnection;
import com.netflix.zuul.niws.RequestAttempt;
import com.netflix.zuul.origins.NettyOrigin;
import com.netflix.zuul.origins.OriginConcurrencyExceededException;
import com.netflix.zuul.origins.OriginName;
import com.netflix.zuul.passport.CurrentPassport;
import com.netflix.zuul.stats.status.StatusCategory;
import com.netflix.zuul.stats.status.StatusCategoryUtils;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A backend service as Zuul proxies to it: its ribbon configuration and a pool of connections built by
 * {@link OriginChannels}. It answers Zuul as BasicNettyOrigin of Zuul 2.6.9 does (retries from
 * {@code MaxAutoRetriesNextServer}, the origin's status recorded in the request's context, at most
 * {@code zuul.origin.<client>.concurrency.max.requests} requests at once), which cannot be given another connection
 * pool: it makes its own in its constructor. The Spectator meters it kept are left out (nothing reads them).
 */
final class EdgeOrigin implements NettyOrigin {

    private final OriginName name;
    private final IClientConfig config;
    private final Registry registry;
    private final ClientChannelManager connections;
    private final NettyRequestAttemptFactory attemptErrors = new NettyRequestAttemptFactory();
    private final AtomicInteger concurrentRequests = new AtomicInteger();
    private final CachedDynamicIntProperty concurrencyMax;
    private final CachedDynamicBooleanProperty concurrencyProtected;

    EdgeOrigin(OriginName name, IClientConfig config, Registry registry) {
        this.name = name;
        this.config = config;
        this.registry = registry;
        this.connections = new OriginChannels(name, config, registry);
        this.connections.init();
        String client = name.getNiwsClientName();
        this.concurrencyMax = new CachedDynamicIntProperty("zuul.origin." + client + ".concurrency.max.requests", 200);
        this.concurrencyProtected =
                new CachedDynamicBooleanProperty("zuul.origin." + client + ".concurrency.protect.enabled", true);
    }

    @Override
    public OriginName getName() {
        return name;
    }

    @Override
    public boolean isAvailable() {
        return connections.isAvailable();
    }

    @Override
    public boolean isCold() {
        return connections.isCold();
    }

    @Override
    public Promise<PooledConnection> connectToOrigin(
            HttpRequestMessage request,
            EventLoop eventLoop,
            int attemptNumber,
            CurrentPassport passport,
            AtomicReference<DiscoveryResult> chosenServer,
            AtomicReference<? super InetAddress> chosenHostAddr) {
        return connections.acquire(eventLoop, null, passport, chosenServer, chosenHostAddr);
    }

    @Override
    public int getMaxRetriesForRequest(SessionContext context) {
        return config.get(CommonClientConfigKey.MaxAutoRetriesNextServer, 0);
    }

    @Override
    public RequestAttempt newRequestAttempt(
            DiscoveryResult server, InetAddress serverAddr, SessionContext context, int attemptNum) {
        return new RequestAttempt(server, serverAddr, config, attemptNum, config.get(CommonClientConfigKey.ReadTimeout));
    }

    @Override
    public String getIpAddrFromServer(DiscoveryResult server) {
        return server.getIPAddr().orElse(null);
    }

    @Override
    public IClientConfig getClientConfig() {
        return config;
    }

    @Override
    public Registry getSpectatorRegistry() {
        return registry;
    }

    @Override
    public void recordFinalError(HttpRequestMessage request, Throwable error) {
        if (error == null) {
            return;
        }
        SessionContext context = request.getContext();
        StatusCategory category = attemptErrors.mapNettyToOutboundErrorType(error).getStatusCategory();
        StatusCategoryUtils.setStatusCategory(context, category);
        StatusCategoryUtils.setOriginStatusCategory(context, category);
        context.setError(error);
    }

    @Override
    public void recordFinalResponse(HttpResponseMessage response) {
        if (response == null) {
            return;
        }
        SessionContext context = response.getContext();
        int status = response.getStatus();
        context.put(CommonContextKeys.ORIGIN_STATUS, status);
        StatusCategory category = status == 503
                ? ZuulStatusCategory.FAILURE_ORIGIN_THROTTLED
                : StatusCategoryUtils.isResponseHttpErrorStatus(status)
                        ? ZuulStatusCategory.FAILURE_ORIGIN
                        : ZuulStatusCategory.SUCCESS;
        StatusCategoryUtils.setOriginStatusCategory(context, category);
        // The request's own category only if nothing failed before.
        StatusCategoryUtils.storeStatusCategoryIfNotAlreadyFailure(context, category);
    }

    @Override
    public void preRequestChecks(HttpRequestMessage request) {
        if (concurrencyProtected.get() && concurrentRequests.get() > concurrencyMax.get()) {
            throw new OriginConcurrencyExceededException(name);
        }
        concurrentRequests.incrementAndGet();
    }

    @Override
    public void recordProxyRequestEnd() {
        concurrentRequests.decrementAndGet();
    }

    @Override
    public double getErrorPercentage() {
        return 0;
    }

    @Override
    public double getErrorAllPercentage() {
        return 0;
    }

    @Override
    public void adjustRetryPolicyIfNeeded(HttpRequestMessage request) {}

    @Override
    public void recordSuccessResponse() {}

    @Override
    public void onRequestExecutionStart(HttpRequestMessage request) {}

    @Override
    public void onRequestStartWithServer(HttpRequestMessage request, DiscoveryResult server, int attemptNum) {}

    @Override
    public void onRequestExceptionWithServer(
            HttpRequestMessage request, DiscoveryResult server, int attemptNum, Throwable error) {}

    @Override
    public void onRequestExecutionSuccess(
            HttpRequestMessage request, HttpResponseMessage response, DiscoveryResult server, int attemptNum) {}

    @Override
    public void onRequestExecutionFailed(
            HttpRequestMessage request, DiscoveryResult server, int attemptNum, Throwable error) {}
}
