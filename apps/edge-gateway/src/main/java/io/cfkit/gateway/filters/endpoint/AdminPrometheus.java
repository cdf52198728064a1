package io.cfkit.gateway.filters.endpoint;

import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.traffic.TrafficMetrics;

/** {@code GET /admin/metrics/prometheus}: the traffic counters and latency histogram for a Prometheus scrape. */
public class AdminPrometheus extends HttpSyncEndpoint {

    private final TrafficMetrics metrics;

    public AdminPrometheus(GatewayServices services) {
        this.metrics = services.metrics();
    }

    @Override
    public HttpResponseMessage apply(HttpRequestMessage request) {
        if (!Methods.allowed(request, "GET", "HEAD")) {
            return Methods.notAllowed(request, "GET, HEAD");
        }
        return JsonResponses.text(request, 200, TrafficMetrics.PROMETHEUS_CONTENT_TYPE, metrics.prometheusText(),
                ZuulStatusCategory.SUCCESS);
    }
}
