package io.cfkit.gateway.filters.outbound;

import com.netflix.zuul.filters.http.HttpOutboundSyncFilter;
import com.netflix.zuul.message.http.HttpResponseMessage;
import io.cfkit.gateway.filters.GatewayServices;

/** Names the gateway instance that answered, so a request can be traced to one instance's logs. */
public class ResponseHeaders extends HttpOutboundSyncFilter {

    public static final String INSTANCE_HEADER = "X-Gateway-Instance";

    private final String instanceId;

    public ResponseHeaders(GatewayServices services) {
        this.instanceId = services.instanceId();
    }

    @Override
    public int filterOrder() {
        return 20;
    }

    @Override
    public boolean shouldFilter(HttpResponseMessage response) {
        return true;
    }

    @Override
    public HttpResponseMessage apply(HttpResponseMessage response) {
        response.getHeaders().set(INSTANCE_HEADER, instanceId);
        return response;
    }
}
