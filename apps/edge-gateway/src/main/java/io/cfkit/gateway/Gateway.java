package io.cfkit.gateway;

import com.netflix.config.ConfigurationManager;
import io.cfkit.gateway.config.ConfigRefresher;
import io.cfkit.gateway.config.ConfigServerClient;
import io.cfkit.gateway.discovery.EurekaRegistration;
import io.cfkit.gateway.edge.EdgeGuard;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.BasicCredentials;
import io.cfkit.gateway.routing.RouteRegistry;
import io.cfkit.gateway.server.GatewayServer;
import io.cfkit.gateway.traffic.InstanceDirectory;
import io.cfkit.gateway.traffic.RoutableInstances;
import io.cfkit.gateway.traffic.TrafficMetrics;
import io.cfkit.gateway.traffic.TrafficRouter;
import io.cfkit.traffic.TrafficSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.configuration.AbstractConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: configuration, Eureka client and server, started in the order that lets none of them
 * see a half-made other, and stopped in the order that loses no request (deregister, then stop listening).
 * Archaius and Eureka's DiscoveryManager are JVM-wide, so a JVM runs one gateway at a time.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewaySettings settings;
    private ConfigRefresher refresher;
    private volatile EurekaRegistration eureka;
    private GatewayServer server;
    private boolean closed;

    private Gateway(GatewaySettings settings) {
        this.settings = settings;
    }

    public static Gateway start(GatewaySettings settings) {
        return start(settings, 5, Duration.ofSeconds(1));
    }

    /**
     * @param configAttempts how often the config server is tried before start-up fails
     * @param firstBackoff the wait after the first failed attempt; it doubles after each
     */
    public static Gateway start(GatewaySettings settings, int configAttempts, Duration firstBackoff) {
        Gateway gateway = new Gateway(settings);
        try {
            gateway.startUp(configAttempts, firstBackoff);
            return gateway;
        } catch (RuntimeException | Error e) {
            gateway.close();
            throw e;
        }
    }

    private void startUp(int configAttempts, Duration firstBackoff) {
        long started = System.nanoTime();
        AbstractConfiguration archaius = ConfigurationManager.getConfigInstance();

        Set<String> reserved = new HashSet<>(EurekaRegistration.clientProperties(settings, 1).keySet());

        RouteRegistry routes = new RouteRegistry();
        InstanceDirectory instances = new InstanceDirectory(
                InstanceDirectory.eurekaRegistry(() -> eureka != null ? eureka.client() : null),
                RoutableInstances.installNew());
        TrafficRouter traffic = new TrafficRouter(instances::routable);
        TrafficMetrics metrics =
                new TrafficMetrics(System::currentTimeMillis, TrafficSettings.DEFAULTS.metricsWindowSeconds());
        ConfigServerClient configClient = new ConfigServerClient(
                settings.configServerUrl(),
                GatewaySettings.APP_NAME,
                settings.configServerUsername(),
                settings.configServerPassword());
        refresher = new ConfigRefresher(
                configClient,
                routes,
                policy -> {
                    traffic.apply(policy);
                    metrics.apply(policy);
                },
                archaius,
                GatewayDefaults.overridable(),
                reserved);
        // Routes and traffic policy are in force before the listener opens, so /health says UP only when a gateway
        // started mid-rollout already serves the current weights.
        refresher.initialLoad(configAttempts, firstBackoff);

        Map<String, String> config = refresher.lastFetched();
        EurekaRegistration.clientProperties(settings, EurekaRegistration.registryFetchSeconds(config))
                .forEach(archaius::setProperty);
        eureka = EurekaRegistration.start(settings, config);

        GatewayServices services = new GatewayServices(
                routes,
                traffic,
                instances,
                metrics,
                refresher,
                eureka,
                new BasicCredentials(settings.adminUsername(), settings.adminPassword()),
                settings.instanceId(),
                EdgeGuard.create());
        InetSocketAddress address = new InetSocketAddress(settings.serverAddress(), settings.port());
        try {
            server = GatewayServer.start(services, address);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new StartupException("cannot listen on " + settings.serverAddress() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }

        eureka.markUp();
        refresher.startPolling(settings.configRefreshSeconds());
        LOG.info(
                "edge-gateway {} listening on http://{}:{} with configuration {}, routes [{}], {}, started in {} ms",
                settings.instanceId(),
                settings.serverAddress(),
                settings.port(),
                refresher.configVersion(),
                routes.current(),
                traffic.policy(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** Deregisters from Eureka first, so that no new traffic is sent here, then lets open requests finish. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            LOG.info("edge-gateway {} shutting down", settings.instanceId());
        }
        if (eureka != null) {
            try {
                eureka.close();
            } catch (RuntimeException e) {
                LOG.warn("Eureka deregistration failed: {}", e.toString());
            }
        }
        if (refresher != null) {
            refresher.close();
        }
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                LOG.warn("Server stop failed: {}", e.toString());
            }
        }
    }
}
