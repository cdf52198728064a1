package io.cfkit.gateway.origin;

import com.netflix.appinfo.InstanceInfo;
import com.netflix.client.config.IClientConfig;
import com.netflix.zuul.discovery.DiscoveryResult;
import com.netflix.zuul.niws.RequestAttempt;

/**
 * Zuul's record of one attempt, with the registry entry of the instance it went to as ribbon held it when it chose:
 * its metadata names the version that answered, also when the instance has left the registry since.
 */
public final class InstanceAttempt extends RequestAttempt {

    private final InstanceInfo instance;

    public InstanceAttempt(DiscoveryResult server, IClientConfig config, int attempt, int readTimeoutMillis) {
        super(server, null, config, attempt, readTimeoutMillis);
        this.instance = server.getServer().getInstanceInfo();
    }

    public InstanceInfo instance() {
        return instance;
    }
}
