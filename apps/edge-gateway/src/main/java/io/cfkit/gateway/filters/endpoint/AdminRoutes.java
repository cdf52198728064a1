package io.cfkit.gateway.filters.endpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.routing.Route;
import io.cfkit.gateway.routing.RouteRegistry;
import io.cfkit.gateway.routing.RouteTable;
import io.cfkit.gateway.traffic.InstanceDirectory;

/**
 * {@code GET /admin/routes}: the routes in force, each with its service id and the instances a request can be sent to
 * now: what ribbon's load balancers hold, which follow the gateway's copy of the registry within ribbon's refresh
 * interval. A platform waits for a new instance here before it says the gateway routes to it; the registry copy alone
 * lists it up to a second before any request goes there.
 */
public class AdminRoutes extends HttpSyncEndpoint {

    private final RouteRegistry routes;
    private final InstanceDirectory instances;

    public AdminRoutes(GatewayServices services) {
        this.routes = services.routes();
        this.instances = services.instances();
    }

    @Override
    public HttpResponseMessage apply(HttpRequestMessage request) {
        if (!Methods.allowed(request, "GET", "HEAD")) {
            return Methods.notAllowed(request, "GET, HEAD");
        }
        RouteTable table = routes.current();
        ObjectNode body = JsonResponses.JSON.createObjectNode();
        ArrayNode list = body.putArray("routes");
        for (Route route : table.routes()) {
            ObjectNode node = list.addObject();
            node.put("name", route.name());
            node.put("path", route.path());
            node.put("serviceId", route.serviceId());
            node.put("stripPrefix", route.stripPrefix());
            ArrayNode instances = node.putArray("instances");
            this.instances.routed(route.serviceId()).forEach(instances::add);
        }
        if (!table.problems().isEmpty()) {
            ArrayNode problems = body.putArray("ignored");
            table.problems().forEach(problems::add);
        }
        return JsonResponses.json(request, 200, body, ZuulStatusCategory.SUCCESS);
    }
}
