package io.cfkit.gateway.filters.endpoint;

import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.config.ConfigRefresher;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.routing.RouteRegistry;
import io.cfkit.gateway.traffic.InstanceDirectory;
import io.cfkit.gateway.traffic.TrafficRouter;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.TrafficPolicy;
import io.cfkit.traffic.TrafficReport;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /admin/traffic}: a {@link TrafficReport}, the traffic policy as this gateway applies it now and the
 * configuration version it came from, so cf-deploy can check that every gateway instance has taken a commit.
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
        return JsonResponses.json(request, 200, report(), ZuulStatusCategory.SUCCESS);
    }

    TrafficReport report() {
        TrafficPolicy policy = traffic.policy();
        TreeSet<String> services = new TreeSet<>(routes.current().serviceIds());
        services.addAll(policy.routes().keySet());
        SortedMap<String, TrafficReport.RouteReport> reports = new TreeMap<>();
        for (String service : services) {
            RoutePolicy route = policy.route(service);
            SortedMap<String, Integer> up = instances.upByVersion(service);
            List<String> without = List.of();
            if (route != null) {
                // The policy's versions count what their per-version client can reach, not what Eureka lists.
                route.versions().forEach(v -> up.put(v, instances.routable(service, v)));
                without = traffic.withoutInstances(route);
            }
            reports.put(service, TrafficReport.RouteReport.of(route, up, without));
        }
        return new TrafficReport(instanceId, refresher.configVersion(), reports);
    }
}
