package io.cfkit.gateway.discovery;

import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.appinfo.InstanceInfo;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import com.netflix.appinfo.providers.EurekaConfigBasedInstanceInfoProvider;
import com.netflix.discovery.DefaultEurekaClientConfig;
import com.netflix.discovery.DiscoveryClient;
import com.netflix.discovery.DiscoveryClient.DiscoveryClientOptionalArgs;
import com.netflix.discovery.EurekaClient;
import io.cfkit.gateway.GatewaySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Eureka client (eureka-client 1.10, the one Zuul and ribbon are built against). It does two jobs:
 * it keeps the local copy of the registry that ribbon's DiscoveryEnabledNIWSServerList reads (found through
 * DiscoveryManager, which the DiscoveryClient constructor fills in), and it registers this gateway as
 * {@code edge-gateway} so tools can find every instance.
 */
public final class EurekaRegistration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EurekaRegistration.class);

    private final ApplicationInfoManager infoManager;
    private final DiscoveryClient client;

    private EurekaRegistration(ApplicationInfoManager infoManager, DiscoveryClient client) {
        this.infoManager = infoManager;
        this.client = client;
    }

    /**
     * The archaius keys the Eureka client reads. They come from the environment, so the gateway reserves them: the
     * config repo cannot redirect the gateway to another registry or leak the credentials.
     */
    public static Map<String, String> clientProperties(GatewaySettings settings, int registryFetchSeconds) {
        Map<String, String> keys = new LinkedHashMap<>();
        // Without credentials: they go in a header (EurekaAuthorization), as this URL reaches the log.
        keys.put("eureka.serviceUrl.default", settings.eureka().serviceUrl());
        keys.put("eureka.registration.enabled", "true");
        keys.put("eureka.shouldFetchRegistry", "true");
        keys.put("eureka.client.refresh.interval", Integer.toString(registryFetchSeconds));
        keys.put("eureka.shouldUseDns", "false");
        keys.put("eureka.shouldOnDemandUpdateStatusChange", "true");
        keys.put("eureka.shouldUnregisterOnShutdown", "true");
        keys.put("eureka.preferSameZone", "false");
        // Seconds. Short, so that a shutdown with Eureka down does not outlast Cloud Foundry's grace period.
        keys.put("eureka.eurekaServer.connectTimeout", "2");
        keys.put("eureka.eurekaServer.readTimeout", "5");
        return keys;
    }

    /** Creates the client; it fetches the registry at once. Eureka being down is not fatal: routes answer 503. */
    public static EurekaRegistration start(GatewaySettings settings, Map<String, String> config) {
        int renewal = intOr(config, "eureka.instance.lease-renewal-interval-in-seconds", 30);
        int expiration = intOr(config, "eureka.instance.lease-expiration-duration-in-seconds", 90);
        GatewayInstanceConfig instanceConfig = new GatewayInstanceConfig(settings, renewal, expiration);
        InstanceInfo info = new EurekaConfigBasedInstanceInfoProvider(instanceConfig).get();
        ApplicationInfoManager infoManager = new ApplicationInfoManager(instanceConfig, info);
        DiscoveryClient client =
                new DiscoveryClient(infoManager, new DefaultEurekaClientConfig(), withCredentials(settings));
        LOG.info(
                "Eureka client started for {} as {} ({}:{})",
                settings.eureka().url(),
                info.getId(),
                info.getIPAddr(),
                info.getPort());
        return new EurekaRegistration(infoManager, client);
    }

    static DiscoveryClientOptionalArgs withCredentials(GatewaySettings settings) {
        DiscoveryClientOptionalArgs args = new DiscoveryClientOptionalArgs();
        args.setAdditionalFilters(List.of(new EurekaAuthorization(settings.eureka())));
        return args;
    }

    public static int registryFetchSeconds(Map<String, String> config) {
        return intOr(config, "eureka.client.registry-fetch-interval-seconds", 1);
    }

    private static int intOr(Map<String, String> config, String key, int fallback) {
        String value = config.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring {}={}: not a number", key, value);
            return fallback;
        }
    }

    /** Registering happens on this status change (eureka's on-demand update), not 40 s later. */
    public void markUp() {
        infoManager.setInstanceStatus(InstanceStatus.UP);
    }

    public EurekaClient client() {
        return client;
    }

    public ApplicationInfoManager infoManager() {
        return infoManager;
    }

    public String instanceId() {
        return infoManager.getInfo().getId();
    }

    /**
     * Marks the instance DOWN at once (the on-demand update sends it within milliseconds), then shuts the client down,
     * which deregisters. eureka-client spends about 3 s of that waiting for its replicator thread, which is why DOWN
     * goes first: clients stop choosing this instance while it is still serving.
     */
    @Override
    public void close() {
        try {
            infoManager.setInstanceStatus(InstanceStatus.DOWN);
        } finally {
            client.shutdown();
        }
    }
}
