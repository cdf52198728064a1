package io.cfkit.gateway.filters.endpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.discovery.EurekaRegistration;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.routing.Route;
import io.cfkit.gateway.routing.RouteRegistry;
import io.cfkit.gateway.routing.RouteTable;

/**
 * {@code GET /admin/routes}: the routes in force, each with its service id and the UP instances the gateway's Eureka
 * client knows (ribbon follows the same list within its refresh interval).
 */
public class AdminRoutes extends HttpSyncEndpoint {

    private final RouteRegistry routes;
    private final EurekaRegistration eureka;

    public AdminRoutes(GatewayServices services) {
        this.routes = services.routes();
        this.eureka = services.eureka();
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
            eureka.upInstances(route.serviceId()).forEach(instances::add);
        }
        if (!table.problems().isEmpty()) {
            ArrayNode problems = body.putArray("ignored");
            table.problems().forEach(problems::add);
        }
        return JsonResponses.json(request, 200, body, ZuulStatusCategory.SUCCESS);
    }
}
