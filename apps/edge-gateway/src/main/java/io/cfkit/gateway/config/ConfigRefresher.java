package io.cfkit.gateway.config;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.cfkit.gateway.StartupException;
import io.cfkit.gateway.config.ConfigServerClient.ConfigServerException;
import io.cfkit.gateway.config.ConfigServerClient.Fetched;
import io.cfkit.gateway.routing.RibbonDefaults;
import io.cfkit.gateway.routing.RouteRegistry;
import io.cfkit.gateway.routing.RouteTable;
import io.cfkit.gateway.traffic.VersionClients;
import io.cfkit.traffic.TrafficPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.commons.configuration.AbstractConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps archaius, the route table and the traffic policy in step with the config server. Every refresh (scheduled or
 * asked for by {@code POST /admin/refresh}) runs on one thread, so two refreshes never interleave their diffs.
 */
public class ConfigRefresher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigRefresher.class);

    private final ConfigServerClient client;
    private final RouteRegistry routes;
    private final Consumer<TrafficPolicy> policyListener;
    private final AbstractConfiguration archaius;
    private final Map<String, String> defaults;
    private final Set<String> reservedKeys;
    private final ScheduledExecutorService executor;

    /** Only touched on the executor thread (and before it starts). */
    private Map<String, String> applied = Map.of();

    private Map<String, String> lastFetched = Map.of();
    private Set<String> lastIgnored = Set.of();
    private boolean failing;
    private volatile String configVersion;

    /**
     * @param policyListener gets the traffic policy of every configuration applied, after the ribbon keys of its
     *     per-version clients are in archaius
     * @param defaults values in force while the config repo does not set the key
     * @param reservedKeys keys the gateway sets from its environment (Eureka credentials, its own identity); the
     *     config repo cannot override them
     */
    public ConfigRefresher(
            ConfigServerClient client,
            RouteRegistry routes,
            Consumer<TrafficPolicy> policyListener,
            AbstractConfiguration archaius,
            Map<String, String> defaults,
            Set<String> reservedKeys) {
        this.client = client;
        this.routes = routes;
        this.policyListener = policyListener;
        this.archaius = archaius;
        this.defaults = Map.copyOf(defaults);
        this.reservedKeys = Set.copyOf(reservedKeys);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "config-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Fetches with a few retries, the pause doubling from {@code firstBackoff}; a gateway without routes is no use, so
     * start-up fails after that.
     */
    public ConfigDiff initialLoad(int attempts, Duration firstBackoff) {
        RetryPolicy<ConfigDiff> retries = RetryPolicy.<ConfigDiff>builder()
                .handle(ConfigServerException.class)
                .withMaxAttempts(attempts)
                // The cap is never reached within the attempts: the pauses only double.
                .withBackoff(firstBackoff, firstBackoff.multipliedBy(1L << Math.min(attempts, 30)))
                .onRetry(e -> LOG.warn("Config server not ready (attempt {}/{}): {}",
                        e.getAttemptCount(), attempts, e.getLastException().getMessage()))
                .build();
        try {
            return Failsafe.with(retries).get(() -> applyOnThisThread(client.fetch()));
        } catch (FailsafeException e) {
            if (e.getCause() instanceof ConfigServerException last) {
                throw new StartupException(
                        "config server unreachable after " + attempts + " attempts: " + last.getMessage(), last);
            }
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for the config server");
            }
            throw e;
        }
    }

    public void startPolling(int intervalSeconds) {
        executor.scheduleWithFixedDelay(this::scheduledRefresh, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    /** Refreshes now, after any refresh already running. */
    public CompletableFuture<ConfigDiff> refreshNow() {
        CompletableFuture<ConfigDiff> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(applyOnThisThread(client.fetch()));
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RuntimeException rejected) {
            result.completeExceptionally(rejected);
        }
        return result;
    }

    /** The configuration as last fetched, before the gateway's defaults were added. */
    public synchronized Map<String, String> lastFetched() {
        return lastFetched;
    }

    /**
     * The config server's {@code version} (the config repo's commit) of the configuration in force: set only once
     * its routes and policy are applied, so a gateway that reports a commit serves it.
     */
    public String configVersion() {
        return configVersion;
    }

    private void scheduledRefresh() {
        try {
            applyOnThisThread(client.fetch());
            if (failing) {
                LOG.info("Config server answers again");
                failing = false;
            }
        } catch (ConfigServerException e) {
            // One line per outage, not one every interval.
            if (!failing) {
                LOG.warn("Config refresh failed, keeping the current configuration: {}", e.getMessage());
                failing = true;
            }
        } catch (RuntimeException e) {
            LOG.error("Config refresh failed", e);
        }
    }

    private ConfigDiff applyOnThisThread(Fetched fetchedConfig) {
        Map<String, String> fetched = fetchedConfig.properties();
        Map<String, String> config = new TreeMap<>(defaults);
        config.putAll(fetched);
        Set<String> ignored = new TreeSet<>(config.keySet());
        ignored.retainAll(reservedKeys);
        config.keySet().removeAll(ignored);
        if (!ignored.equals(lastIgnored)) {
            ignored.forEach(k -> LOG.warn("Ignoring {} from the config server: the gateway sets it from its environment", k));
            lastIgnored = ignored;
        }

        RouteTable table = RouteTable.fromProperties(config);
        TrafficPolicy policy = TrafficPolicy.fromProperties(config);
        Map<String, String> effective =
                VersionClients.withVersionClients(RibbonDefaults.withDefaults(config, table), table, policy);
        ConfigDiff diff = ConfigDiff.between(applied, effective);
        synchronized (this) {
            lastFetched = Map.copyOf(fetched);
        }
        if (diff.isEmpty()) {
            // Same keys, maybe another commit (one that changed other apps' files): the gateway serves that one too.
            configVersion = fetchedConfig.version();
            return diff;
        }

        table.logProblems();
        policy.problems().forEach(p -> LOG.warn("Ignoring {}", p));
        // New keys first, so that a new route's or version's ribbon client is configured before any request can pick
        // it; removed keys last, so that no request still routed by the old table or policy finds its client half gone.
        diff.added().forEach(archaius::setProperty);
        diff.changed().forEach(archaius::setProperty);
        routes.replace(table);
        policyListener.accept(policy);
        diff.removed().forEach(archaius::clearProperty);
        applied = effective;
        configVersion = fetchedConfig.version();

        LOG.info("Configuration {} applied ({} keys changed): {}; routes: {}; traffic: {}",
                fetchedConfig.version(), diff.size(), diff, table, policy);
        return diff;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
