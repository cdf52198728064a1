package io.cfkit.gateway.filters.endpoint;

import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.JsonResponses;
import io.cfkit.gateway.traffic.PrometheusText;
import io.cfkit.gateway.traffic.TrafficMetrics;
import io.cfkit.gateway.traffic.TrafficRouter;

/** {@code GET /admin/metrics/prometheus}: the numbers of {@code /admin/metrics} for a Prometheus scrape. */
public class AdminPrometheus extends HttpSyncEndpoint {

    private final TrafficMetrics metrics;
    private final TrafficRouter traffic;

    public AdminPrometheus(GatewayServices services) {
        this.metrics = services.metrics();
        this.traffic = services.traffic();
    }

    @Override
    public HttpResponseMessage apply(HttpRequestMessage request) {
        if (!Methods.allowed(request, "GET", "HEAD")) {
            return Methods.notAllowed(request, "GET, HEAD");
        }
        String text = PrometheusText.render(
                AdminMetrics.withPolicyVersions(metrics.snapshot(), traffic), metrics.windowSeconds(), traffic.policy());
        return JsonResponses.text(request, 200, PrometheusText.CONTENT_TYPE, text, ZuulStatusCategory.SUCCESS);
    }
}
