package io.cfkit.gateway.filters.endpoint;

import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.edge.EdgeGuard;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.traffic.TrafficMetrics;
import io.cfkit.gateway.traffic.TrafficRouter;
import io.cfkit.traffic.MetricsReport;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.VersionStats;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code GET /admin/metrics}: a {@link MetricsReport}, per service and version of the instance that answered, the
 * sliding window's requests, rps, 5xx, connect failures, error rate and latency percentiles (ms), and totals since
 * start; and what the edge refused. The policy's versions are listed even before their first request, with zeros.
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
        // Requests the edge refused or shed reached no backend; they are counted apart from the routes.
        MetricsReport report = new MetricsReport(instanceId, metrics.windowSeconds(),
                withPolicyVersions(metrics.snapshot(), traffic),
                JsonResponses.JSON.convertValue(edge.snapshot(), MetricsReport.EdgeCounts.class));
        return JsonResponses.json(request, 200, report, ZuulStatusCategory.SUCCESS);
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
