package io.cfkit.gateway.server;

import io.cfkit.gateway.edge.AdmissionRelease;
import io.cfkit.gateway.edge.EdgeGuard;
import io.cfkit.gateway.edge.ExpectContinue;
import io.cfkit.gateway.edge.HeaderReadTimeout;
import io.cfkit.gateway.edge.MalformedRequestRejection;
import io.cfkit.gateway.origin.OriginProxy;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A client connection's handlers, in the order a request meets them: the header timeout, the HTTP/1.1 codec with the
 * edge's size limits, the answer to what the decoder rejects, {@code 100 Continue} held back until the edge accepted
 * the request, the body's read timeout, the exchange itself, and the release of the request's place in the
 * concurrency limit once it is over, behind the idle timeout. Nine handlers where Zuul's pipeline has some twenty
 * (docs/performance.md).
 */
final class ClientPipeline extends ChannelInitializer<Channel> {

    private final EdgeGuard edge;
    private final FilterRunner filters;
    private final OriginProxy proxy;
    private final ChannelGroup clients;
    private final Duration requestBodyTimeout;
    private final Duration idleTimeout;

    ClientPipeline(EdgeGuard edge, FilterRunner filters, OriginProxy proxy, ChannelGroup clients,
            Duration requestBodyTimeout, Duration idleTimeout) {
        this.edge = edge;
        this.filters = filters;
        this.proxy = proxy;
        this.clients = clients;
        this.requestBodyTimeout = requestBodyTimeout;
        this.idleTimeout = idleTimeout;
    }

    @Override
    protected void initChannel(Channel ch) {
        clients.add(ch);
        HeaderReadTimeout headerTimeout =
                new HeaderReadTimeout(edge.limits().headerReadTimeoutMillis(), edge.counters());
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(edge.limits().maxInitialLineLength())
                .setMaxHeaderSize(edge.limits().maxHeaderSize())
                .setValidateHeaders(false);
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast("idleTimeout", new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
        pipeline.addLast("headerTimeoutBytes", headerTimeout.beforeDecoder());
        pipeline.addLast("codec", new HttpServerCodec(decoder));
        pipeline.addLast("headerTimeoutHead", headerTimeout.afterDecoder());
        pipeline.addLast("malformedRequest", new MalformedRequestRejection(edge.limits(), edge.counters()));
        pipeline.addLast("expectContinue", ExpectContinue.deferral());
        pipeline.addLast("bodyReadTimeout",
                new RequestBodyReadTimeout(requestBodyTimeout.toMillis(), TimeUnit.MILLISECONDS));
        pipeline.addLast("exchange", new ClientExchange(filters, proxy));
        pipeline.addLast("admissionRelease", AdmissionRelease.INSTANCE);
    }
}
