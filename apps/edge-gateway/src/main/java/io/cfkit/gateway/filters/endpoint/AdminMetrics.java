package io.cfkit.gateway.filters.endpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.edge.EdgeGuard;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.traffic.RoutePolicy;
import io.cfkit.gateway.traffic.TrafficMetrics;
import io.cfkit.gateway.traffic.TrafficRouter;
import io.cfkit.gateway.traffic.VersionStats;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code GET /admin/metrics}: per service and version of the instance that answered, the sliding window's requests,
 * rps, 5xx, connect failures, error rate and latency percentiles (ms), and totals since start. The policy's versions
 * are listed even before their first request, with zeros.
 */
public class AdminMetrics extends HttpSyncEndpoint {

    private final TrafficMetrics metrics;
    private final TrafficRouter traffic;
    private final String instanceId;
    private final EdgeGuard edge;

    public AdminMetrics(GatewayServices services) {
        this.metrics = services.metrics();
        this.traffic = services.traffic();
        this.instanceId = services.instanceId();
        this.edge = services.edge();
    }

    @Override
    public HttpResponseMessage apply(HttpRequestMessage request) {
        if (!Methods.allowed(request, "GET", "HEAD")) {
            return Methods.notAllowed(request, "GET, HEAD");
        }
        ObjectNode body = JsonResponses.JSON.createObjectNode();
        body.put("instance", instanceId);
        body.put("windowSeconds", metrics.windowSeconds());
        ObjectNode routes = body.putObject("routes");
        withPolicyVersions(metrics.snapshot(), traffic).forEach((route, versions) -> {
            ObjectNode routeNode = routes.putObject(route);
            versions.forEach((version, stats) -> {
                ObjectNode node = routeNode.putObject(version);
                node.put("requests", stats.requests());
                node.put("rps", stats.rps());
                node.put("errors", stats.errors());
                node.put("connectFailures", stats.connectFailures());
                node.put("errorRate", stats.errorRate());
                node.put("p50", stats.p50());
                node.put("p95", stats.p95());
                node.put("p99", stats.p99());
                node.put("totalRequests", stats.totalRequests());
                node.put("totalErrors", stats.totalErrors());
            });
        });
        // Requests the edge refused or shed reached no backend; they are counted apart from the routes.
        body.putPOJO("edge", edge.snapshot());
        return JsonResponses.json(request, 200, body, ZuulStatusCategory.SUCCESS);
    }

    static SortedMap<String, SortedMap<String, VersionStats>> withPolicyVersions(
            SortedMap<String, SortedMap<String, VersionStats>> snapshot, TrafficRouter traffic) {
        for (RoutePolicy route : traffic.policy().routes().values()) {
            SortedMap<String, VersionStats> versions = snapshot.computeIfAbsent(route.service(), s -> new TreeMap<>());
            route.versions().forEach(v -> versions.putIfAbsent(v, VersionStats.NONE));
        }
        return snapshot;
    }
}
