package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.AppVersions;
import io.cfkit.cfdeploy.traffic.GatewayFleet.Gateway;
import io.cfkit.cfdeploy.traffic.GatewayInstances;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The edge-gateway's running instances on the local platform: those of the edge-gateway app and of every version a
 * {@code switch} pushed beside it ({@code edge-gateway-VERSION}), each at its own address, as the supervisor runs
 * them. The platform's own list, not Eureka's: an instance killed without leaving is out of it at the supervisor's
 * next tick, where Eureka lists it until its lease expires.
 */
public final class LocalGateways implements GatewayInstances {

    static final String GATEWAY = "edge-gateway";

    private final Supplier<List<AppStatus>> apps;

    /** @param apps the platform's apps and their instances, as {@code cf-deploy apps} shows them */
    public LocalGateways(Supplier<List<AppStatus>> apps) {
        this.apps = apps;
    }

    @Override
    public List<Gateway> gateways() {
        List<Gateway> gateways = new ArrayList<>();
        for (AppStatus app : apps.get()) {
            if (AppVersions.isVersionOf(app.name(), GATEWAY)) {
                app.instances().stream().filter(i -> i.state().equals("RUNNING"))
                        .map(i -> new Gateway(app.name() + "/" + i.index(), URI.create(i.url())))
                        .forEach(gateways::add);
            }
        }
        if (gateways.isEmpty()) {
            throw new UserError("no " + GATEWAY + " instance runs: see cf-deploy apps (cf-deploy up starts the kit)");
        }
        return gateways;
    }
}
