package io.cfkit.gateway.discovery;

import com.netflix.appinfo.MyDataCenterInstanceConfig;
import io.cfkit.gateway.GatewaySettings;

/**
 * How this gateway instance appears in Eureka. Taken from the environment rather than from archaius keys, so that
 * the address is the one Cloud Foundry gives the container (or loopback locally), never a guessed host name.
 */
class GatewayInstanceConfig extends MyDataCenterInstanceConfig {

    private final GatewaySettings settings;
    private final int leaseRenewalSeconds;
    private final int leaseExpirationSeconds;

    GatewayInstanceConfig(GatewaySettings settings, int leaseRenewalSeconds, int leaseExpirationSeconds) {
        this.settings = settings;
        this.leaseRenewalSeconds = leaseRenewalSeconds;
        this.leaseExpirationSeconds = leaseExpirationSeconds;
    }

    @Override
    public String getInstanceId() {
        return settings.instanceId();
    }

    @Override
    public String getAppname() {
        return GatewaySettings.APP_NAME;
    }

    @Override
    public String getVirtualHostName() {
        return GatewaySettings.APP_NAME;
    }

    @Override
    public String getSecureVirtualHostName() {
        return GatewaySettings.APP_NAME;
    }

    /** STARTING until the server listens and routes are loaded; the gateway then marks itself UP. */
    @Override
    public boolean isInstanceEnabledOnit() {
        return false;
    }

    @Override
    public int getNonSecurePort() {
        return settings.port();
    }

    @Override
    public boolean isNonSecurePortEnabled() {
        return true;
    }

    @Override
    public boolean getSecurePortEnabled() {
        return false;
    }

    @Override
    public String getIpAddress() {
        return settings.instanceAddress();
    }

    @Override
    public String getHostName(boolean refresh) {
        return settings.instanceAddress();
    }

    @Override
    public int getLeaseRenewalIntervalInSeconds() {
        return leaseRenewalSeconds;
    }

    @Override
    public int getLeaseExpirationDurationInSeconds() {
        return leaseExpirationSeconds;
    }

    @Override
    public String getHealthCheckUrlPath() {
        return "/health";
    }

    @Override
    public String getStatusPageUrlPath() {
        return "/health";
    }

    @Override
    public String getHomePageUrlPath() {
        return "/";
    }
}
