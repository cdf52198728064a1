package io.cfkit.gateway.server;

import com.netflix.netty.common.channel.config.ChannelConfig;
import com.netflix.zuul.netty.server.ZuulServerChannelInitializer;
import io.cfkit.gateway.edge.AdmissionRelease;
import io.cfkit.gateway.edge.EdgeGuard;
import io.cfkit.gateway.edge.ExpectContinue;
import io.cfkit.gateway.edge.HeaderReadTimeout;
import io.cfkit.gateway.edge.MalformedRequestRejection;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;

/**
 * Zuul's HTTP/1.1 pipeline with the edge's connection handlers around the decoder: the header timeout, the answer to
 * requests the decoder rejects, {@code 100 Continue} held back until the edge accepted the request, and the release of
 * a request's concurrency admission. The decoder's size limits are Zuul's own properties (see EdgeLimits).
 */
final class EdgeChannelInitializer extends ZuulServerChannelInitializer {

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
