package io.cfkit.gateway.server;

import com.netflix.zuul.netty.connectionpool.ClientTimeoutHandler;
import io.cfkit.gateway.edge.ReadDeadline;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import java.time.Duration;

/**
 * An origin connection's response read timeout, with Zuul 2.6.9's rule: from the moment the request's last content is
 * written, no read for the timeout ProxyEndpoint put on the channel ({@link ClientTimeoutHandler#ORIGIN_RESPONSE_READ_TIMEOUT})
 * fails the attempt with Netty's {@link ReadTimeoutException} and closes the connection, until the response's last
 * content is read. Zuul's ClientTimeoutHandler adds a ReadTimeoutHandler to the pipeline for every request and removes
 * it at the response's end, each a walk of the pipeline's names; this one stays in place, and its timer is set about
 * once per timeout on a kept-alive connection (ReadDeadline).
 */
final class OriginResponseReadTimeout extends ChannelDuplexHandler {

    static final String NAME = "originResponseReadTimeout";

    private final ReadDeadline deadline = new ReadDeadline(ctx -> {
        ctx.fireExceptionCaught(ReadTimeoutException.INSTANCE);
        ctx.close();
    });

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpRequest) {
            // A new request on a kept-alive connection: nothing of the previous one is awaited any more.
            deadline.stop();
        }
        if (msg instanceof LastHttpContent) {
            Duration timeout = ctx.channel().attr(ClientTimeoutHandler.ORIGIN_RESPONSE_READ_TIMEOUT).get();
            if (timeout != null) {
                deadline.watch();
                promise.addListener(written -> {
                    if (written.isSuccess()) {
                        deadline.arm(ctx, timeout.toNanos());
                    }
                });
            }
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        deadline.read(ctx);
        if (msg instanceof LastHttpContent) {
            deadline.stop();
        }
        super.channelRead(ctx, msg);
    }
}
