package io.cfkit.gateway.origin;

import com.netflix.client.config.CommonClientConfigKey;
import com.netflix.client.config.IClientConfig;
import com.netflix.client.config.IClientConfigKey;
import com.netflix.config.CachedDynamicBooleanProperty;
import com.netflix.config.CachedDynamicIntProperty;
import com.netflix.config.ConfigurationManager;
import com.netflix.zuul.discovery.DiscoveryResult;
import com.netflix.zuul.discovery.DynamicServerResolver;
import io.cfkit.gateway.routing.CachedClientConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One ribbon client, by the name a route or a version gives it (see RibbonDefaults, VersionClients): its
 * configuration from archaius ({@code <client>.ribbon.*}, followed as it changes) and ribbon's load balancer over the
 * client's Eureka VIP, whose server-list filter keeps a version's instances and whose rule skips an instance whose
 * connections failed (its circuit, {@code niws.loadbalancer.<client>.*}).
 */
final class OriginClient {

    /** Zuul's key (ribbon has none): how many requests a connection serves before it is closed. */
    private static final IClientConfigKey<Integer> MAX_REQUESTS_PER_CONNECTION =
            new CommonClientConfigKey<>("MaxRequestsPerConnection") {};

    private final String name;
    private final IClientConfig config;
    private final DynamicServerResolver servers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CachedDynamicIntProperty maxInFlight;
    private final CachedDynamicBooleanProperty limitInFlight;

    OriginClient(String name) {
        this.name = name;
        CachedClientConfig loaded = CachedClientConfig.load(name, ConfigurationManager.getConfigInstance());
        loaded.set(CommonClientConfigKey.ClientClassName, name);
        loaded.loadProperties(name);
        this.config = loaded;
        this.servers = new DynamicServerResolver(config);
        // Zuul's keys for an origin's own limit of requests in flight, kept so a config repo that sets them still works.
        this.maxInFlight = new CachedDynamicIntProperty("zuul.origin." + name + ".concurrency.max.requests", 200);
        this.limitInFlight =
                new CachedDynamicBooleanProperty("zuul.origin." + name + ".concurrency.protect.enabled", true);
    }

    String name() {
        return name;
    }

    IClientConfig config() {
        return config;
    }

    /** The next instance by the client's rule, or {@link DiscoveryResult#EMPTY} when none is up. */
    DiscoveryResult choose() {
        return servers.resolve(null);
    }

    /** Takes a place among the client's requests in flight; false when it has none left. */
    boolean admit() {
        if (limitInFlight.get() && inFlight.get() >= maxInFlight.get()) {
            return false;
        }
        inFlight.incrementAndGet();
        return true;
    }

    void done() {
        inFlight.decrementAndGet();
    }

    int retriesOnNextServer() {
        return config.get(CommonClientConfigKey.MaxAutoRetriesNextServer, 1);
    }

    int connectTimeoutMillis() {
        return config.get(CommonClientConfigKey.ConnectTimeout, 2000);
    }

    Duration readTimeout() {
        return Duration.ofMillis(config.get(CommonClientConfigKey.ReadTimeout, 5000));
    }

    Duration idleTimeout() {
        return Duration.ofMillis(config.get(CommonClientConfigKey.ConnIdleEvictTimeMilliSeconds, 30000));
    }

    int maxRequestsPerConnection() {
        return config.get(MAX_REQUESTS_PER_CONNECTION, 1000);
    }

    void shutdown() {
        servers.shutdown();
    }
}
