package io.cfkit.gateway.server;

import com.netflix.netty.common.channel.config.ChannelConfig;
import com.netflix.netty.common.HttpServerLifecycleChannelHandler;
import com.netflix.zuul.FilterLoader;
import com.netflix.zuul.FilterUsageNotifier;
import com.netflix.zuul.filters.ZuulFilter;
import com.netflix.zuul.message.ZuulMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.netty.filter.ZuulEndPointRunner;
import com.netflix.zuul.netty.filter.ZuulFilterChainRunner;
import com.netflix.zuul.netty.server.BaseZuulChannelInitializer;
import com.netflix.zuul.netty.server.ClientRequestReceiver;
import com.netflix.zuul.netty.server.ClientResponseWriter;
import io.cfkit.gateway.edge.AdmissionRelease;
import io.cfkit.gateway.edge.EdgeGuard;
import io.cfkit.gateway.edge.ExpectContinue;
import io.cfkit.gateway.edge.HeaderReadTimeout;
import io.cfkit.gateway.edge.MalformedRequestRejection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Zuul's HTTP/1.1 pipeline with the edge's connection handlers around the decoder: the header timeout, the answer to
 * requests the decoder rejects, {@code 100 Continue} held back until the edge accepted the request, and the release of
 * a request's concurrency admission. The decoder's size limits are Zuul's own properties (see EdgeLimits).
 *
 * <p>Unlike ZuulServerChannelInitializer it leaves out what only feeds Zuul's passport and Spectator meters, which
 * nothing here reads (see docs/performance.md): the passport state and passport logging handlers, the
 * passport-stamping filters around each filter chain, the HTTP and per-event-loop request metrics, Netty's
 * LoggingHandler, the body-size recording (only Zuul's access log reads it, and the session context's size providers
 * answer 0 without it) and the untrusted proxy header strip (with proxy headers allowed, as behind Cloud Foundry's
 * router, it only strips for a host on {@code zuul.proxy.headers.host.blacklist}, which is empty), and Zuul's header
 * read timeout (off by default, and off it stays in the pipeline and looks up a channel attribute for every request;
 * on, it bounds only a connection's first request head, where HeaderReadTimeout bounds every one). Each of them is one
 * more step for every read, write and event of every request. Its request read
 * timeout is RequestBodyReadTimeout, which does not add and remove a handler for every request; its proxy endpoints
 * compute an origin's read timeout without a new ribbon configuration per request (OriginReadTimeout).
 */
final class EdgeChannelInitializer extends BaseZuulChannelInitializer {

    private final EdgeGuard edge;

    EdgeChannelInitializer(
            String metricId,
            ChannelConfig channelConfig,
            ChannelConfig channelDependencies,
            ChannelGroup channels,
            EdgeGuard edge) {
        super(metricId, channelConfig, channelDependencies, channels);
        this.edge = edge;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline pipeline = ch.pipeline();
        storeChannel(ch);
        addTimeoutHandlers(pipeline);
        addTcpRelatedHandlers(pipeline);
        addHttp1Handlers(pipeline);
        addHttpRelatedHandlers(pipeline);
        addZuulHandlers(pipeline);
    }

    @Override
    protected void addHttpRelatedHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(PassportClearing.INSTANCE);
        if (httpRequestReadTimeout > -1) {
            // Zuul answers 408 to a request whose body does not arrive in time.
            pipeline.addLast(new RequestBodyReadTimeout(httpRequestReadTimeout, TimeUnit.MILLISECONDS));
        }
        pipeline.addLast(new HttpServerLifecycleChannelHandler.HttpServerLifecycleInboundChannelHandler());
        pipeline.addLast(new HttpServerLifecycleChannelHandler.HttpServerLifecycleOutboundChannelHandler());
    }

    @Override
    protected void addZuulHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(new ClientRequestReceiver(sessionContextDecorator));
        addZuulFilterChainHandler(pipeline);
        pipeline.addLast(new ClientResponseWriter(requestCompleteHandler, registry));
    }

    /**
     * The gateway's filters, without the two that Zuul puts around each chain only to stamp the passport (filters
     * start, filters end): nothing reads those stamps, and each is one more filter run per request.
     */
    @Override
    public <T extends ZuulMessage> ZuulFilter<T, T>[] getFilters(ZuulFilter<T, T> start, ZuulFilter<T, T> stop) {
        ZuulFilter<T, T>[] withStamps = super.getFilters(start, stop);
        return Arrays.copyOfRange(withStamps, 1, withStamps.length - 1);
    }

    @Override
    protected ZuulEndPointRunner getEndpointRunner(
            ZuulFilterChainRunner<HttpResponseMessage> responseFilters,
            FilterUsageNotifier usageNotifier,
            FilterLoader filterLoader) {
        return new EdgeEndpointRunner(usageNotifier, filterLoader, responseFilters, registry);
    }

    @Override
    protected void addHttp1Handlers(ChannelPipeline pipeline) {
        super.addHttp1Handlers(pipeline);
        HeaderReadTimeout headerTimeout =
                new HeaderReadTimeout(edge.limits().headerReadTimeoutMillis(), edge.counters());
        pipeline.addBefore(HTTP_CODEC_HANDLER_NAME, "edge_header_timeout_bytes", headerTimeout.beforeDecoder());
        // addAfter puts each right after the decoder: the timeout must see a rejected request's head too.
        pipeline.addAfter(HTTP_CODEC_HANDLER_NAME, "edge_expect_continue", ExpectContinue.deferral());
        pipeline.addAfter(HTTP_CODEC_HANDLER_NAME, "edge_malformed_request",
                new MalformedRequestRejection(edge.limits(), edge.counters()));
        pipeline.addAfter(HTTP_CODEC_HANDLER_NAME, "edge_header_timeout_head", headerTimeout.afterDecoder());
        pipeline.addLast("edge_admission_release", AdmissionRelease.INSTANCE);
    }
}
