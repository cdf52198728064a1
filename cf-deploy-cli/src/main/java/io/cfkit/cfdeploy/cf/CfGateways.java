package io.cfkit.cfdeploy.cf;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.platform.AppVersions;
import io.cfkit.cfdeploy.platform.RouteUrl;
import io.cfkit.cfdeploy.traffic.GatewayFleet.Gateway;
import io.cfkit.cfdeploy.traffic.GatewayInstances;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cloudfoundry.client.v3.processes.ProcessState;

/**
 * The edge-gateway's running instances on Cloud Foundry: those of the edge-gateway app and of every version a
 * {@code switch} pushed beside it ({@code edge-gateway-VERSION}), each reached through its app's route with the
 * router's {@code X-Cf-App-Instance: APP_GUID:INDEX} header, which sends the request to that instance: the address an
 * instance registers in Eureka is a container address nobody outside the container network reaches.
 */
public final class CfGateways implements GatewayInstances {

    /** The Gorouter's header that picks one instance of the app a route reaches. */
    static final String INSTANCE_HEADER = "X-Cf-App-Instance";

    private final CfPlatform platform;

    /** Over https, verified, as a foundation's routes are: the admin endpoints' credentials go with every request. */
    public CfGateways(CfPlatform platform) {
        this.platform = platform;
    }

    @Override
    public List<Gateway> gateways() {
        List<Gateway> gateways = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (Map.Entry<String, String> app : platform.startedApps().entrySet()) {
            if (!AppVersions.isVersionOf(app.getKey(), NetworkPolicies.GATEWAY)) {
                continue;
            }
            String guid = app.getValue();
            Optional<String> route = platform.routes(guid).stream().filter(r -> !NetworkPolicies.internal(r))
                    .findFirst();
            if (route.isEmpty()) {
                unreachable.add(app.getKey());
                continue;
            }
            int slash = route.get().indexOf('/');
            URI base = RouteUrl.of(slash < 0 ? route.get() : route.get().substring(0, slash));
            platform.instances(guid).stream().filter(i -> i.getState() == ProcessState.RUNNING)
                    .map(i -> new Gateway(app.getKey() + "/" + i.getIndex(), base,
                            Map.of(INSTANCE_HEADER, guid + ":" + i.getIndex())))
                    .forEach(gateways::add);
        }
        if (gateways.isEmpty() && !unreachable.isEmpty()) {
            String app = unreachable.get(0);
            throw new UserError(app + " has no route outside the container network, so cf-deploy cannot reach its"
                    + " instances: map one (cf map-route " + app + " DOMAIN --hostname HOST)");
        }
        if (gateways.isEmpty()) {
            String app = NetworkPolicies.GATEWAY;
            throw new UserError("no " + app + " instance runs: see cf-deploy apps --target cf (cf-deploy push " + app
                    + " --target cf starts it)");
        }
        return gateways;
    }
}
