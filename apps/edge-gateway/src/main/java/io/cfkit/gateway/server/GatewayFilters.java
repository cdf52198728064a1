package io.cfkit.gateway.server;

import com.netflix.zuul.filters.ZuulFilter;
import io.cfkit.gateway.filters.endpoint.AdminMetrics;
import io.cfkit.gateway.filters.endpoint.AdminPrometheus;
import io.cfkit.gateway.filters.endpoint.AdminRefresh;
import io.cfkit.gateway.filters.endpoint.AdminRoutes;
import io.cfkit.gateway.filters.endpoint.AdminTraffic;
import io.cfkit.gateway.filters.endpoint.ErrorResponse;
import io.cfkit.gateway.filters.endpoint.Health;
import io.cfkit.gateway.filters.inbound.AdminAuthentication;
import io.cfkit.gateway.filters.inbound.BodySizeLimit;
import io.cfkit.gateway.filters.inbound.ContinueAfterChecks;
import io.cfkit.gateway.filters.inbound.LoadShedding;
import io.cfkit.gateway.filters.inbound.LocalEndpointSelection;
import io.cfkit.gateway.filters.inbound.RequestValidation;
import io.cfkit.gateway.filters.inbound.RequestLog;
import io.cfkit.gateway.filters.inbound.RouteSelection;
import io.cfkit.gateway.filters.inbound.VersionSelection;
import io.cfkit.gateway.filters.outbound.ErrorBody;
import io.cfkit.gateway.filters.outbound.ResponseHeaders;
import io.cfkit.gateway.filters.outbound.VersionMetrics;
import io.cfkit.gateway.filters.GatewayServices;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every filter the gateway runs; the order inside a type comes from each filter's filterOrder(). */
final class GatewayFilters {

    private GatewayFilters() {}

    /** One of each, made with the gateway's services (see GatewayFilterFactory). */
    static List<ZuulFilter<?, ?>> create(GatewayServices services) {
        GatewayFilterFactory factory = new GatewayFilterFactory(services);
        List<ZuulFilter<?, ?>> filters = new ArrayList<>();
        for (Class<? extends ZuulFilter<?, ?>> type : all()) {
            try {
                filters.add(factory.newInstance(type));
            } catch (Exception e) {
                throw new IllegalStateException("cannot create filter " + type.getName(), e);
            }
        }
        return filters;
    }

    static Set<Class<? extends ZuulFilter<?, ?>>> all() {
        Set<Class<? extends ZuulFilter<?, ?>>> filters = new LinkedHashSet<>();
        filters.add(RequestValidation.class);
        filters.add(LoadShedding.class);
        filters.add(BodySizeLimit.class);
        filters.add(ContinueAfterChecks.class);
        filters.add(AdminAuthentication.class);
        filters.add(LocalEndpointSelection.class);
        filters.add(RouteSelection.class);
        filters.add(VersionSelection.class);
        filters.add(RequestLog.class);

        filters.add(Health.class);
        filters.add(AdminRefresh.class);
        filters.add(AdminRoutes.class);
        filters.add(AdminTraffic.class);
        filters.add(AdminMetrics.class);
        filters.add(AdminPrometheus.class);
        filters.add(ErrorResponse.class);

        filters.add(ErrorBody.class);
        filters.add(VersionMetrics.class);
        filters.add(ResponseHeaders.class);
        return filters;
    }
}
