package io.cfkit.gateway.filters.endpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.config.ConfigRefresher;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.routing.RouteRegistry;
import io.cfkit.gateway.traffic.InstanceDirectory;
import io.cfkit.gateway.traffic.RoutePolicy;
import io.cfkit.gateway.traffic.TrafficPolicy;
import io.cfkit.gateway.traffic.TrafficRouter;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * {@code GET /admin/traffic}: the traffic policy as this gateway applies it now, and the configuration version it
 * came from, so cf-deploy can check that every gateway instance has taken a commit. Per service: stable, canary,
 * weight, UP instances per version (for the policy's versions: those its per-version client can reach) and the
 * policy's versions that get no traffic because none can.
 */
public class AdminTraffic extends HttpSyncEndpoint {

    private final RouteRegistry routes;
    private final TrafficRouter traffic;
    private final InstanceDirectory instances;
    private final ConfigRefresher refresher;
    private final String instanceId;

    public AdminTraffic(GatewayServices services) {
        this.routes = services.routes();
        this.traffic = services.traffic();
        this.instances = services.instances();
        this.refresher = services.configRefresher();
        this.instanceId = services.instanceId();
    }

    @Override
    public HttpResponseMessage apply(HttpRequestMessage request) {
        if (!Methods.allowed(request, "GET", "HEAD")) {
            return Methods.notAllowed(request, "GET, HEAD");
        }
        TrafficPolicy policy = traffic.policy();
        TreeSet<String> services = new TreeSet<>(routes.current().serviceIds());
        services.addAll(policy.routes().keySet());

        ObjectNode body = JsonResponses.JSON.createObjectNode();
        body.put("instance", instanceId);
        body.put("configVersion", refresher.configVersion());
        ObjectNode list = body.putObject("routes");
        for (String service : services) {
            RoutePolicy route = policy.route(service);
            ObjectNode node = list.putObject(service);
            SortedMap<String, Integer> up = instances.upByVersion(service);
            ArrayNode without = JsonResponses.JSON.createArrayNode();
            if (route == null) {
                node.putNull("stable");
                node.putNull("canary");
                node.put("weight", 0);
            } else {
                node.put("stable", route.stable());
                node.put("canary", route.canary());
                node.put("weight", route.weight());
                route.versions().forEach(v -> up.put(v, instances.routable(service, v)));
                traffic.withoutInstances(route).forEach(without::add);
            }
            ObjectNode versions = node.putObject("versions");
            up.forEach((version, count) -> versions.putObject(version).put("up", count));
            node.set("withoutInstances", without);
        }
        return JsonResponses.json(request, 200, body, ZuulStatusCategory.SUCCESS);
    }
}
