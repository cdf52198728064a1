package io.cfkit.gateway.server;

import com.netflix.spectator.api.Registry;
import com.netflix.zuul.FilterLoader;
import com.netflix.zuul.FilterUsageNotifier;
import com.netflix.zuul.filters.ZuulFilter;
import com.netflix.zuul.filters.endpoint.ProxyEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.netty.filter.FilterRunner;
import com.netflix.zuul.netty.filter.ZuulEndPointRunner;
import com.netflix.zuul.netty.server.MethodBinding;
import com.netflix.zuul.netty.timeouts.OriginTimeoutManager;
import com.netflix.zuul.origins.NettyOrigin;

/**
 * Zuul's endpoint runner, whose proxy endpoints compute the origin's read timeout with {@link OriginReadTimeout} and
 * set the forwarded headers with {@link ForwardedHeaders}.
 */
final class EdgeEndpointRunner extends ZuulEndPointRunner {

    EdgeEndpointRunner(
            FilterUsageNotifier usageNotifier,
            FilterLoader filterLoader,
            FilterRunner<HttpResponseMessage, HttpResponseMessage> responseFilters,
            Registry registry) {
        super(usageNotifier, filterLoader, responseFilters, registry);
    }

    @Override
    protected ZuulFilter<HttpRequestMessage, HttpResponseMessage> newProxyEndpoint(HttpRequestMessage request) {
        return new ProxyEndpoint(request, getChannelHandlerContext(request), getNextStage(), MethodBinding.NO_OP_BINDING) {
            @Override
            protected OriginTimeoutManager getTimeoutManager(NettyOrigin origin) {
                return new OriginReadTimeout(origin);
            }

            @Override
            protected HttpRequestMessage transformRequest(HttpRequestMessage request) {
                ForwardedHeaders.apply(request);
                return request;
            }
        };
    }
}
