package io.cfkit.gateway.server;

import com.netflix.netty.common.HttpLifecycleChannelHandler.CompleteEvent;
import com.netflix.zuul.passport.CurrentPassport;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Starts each request on a keep-alive connection with an empty passport. Zuul's passport state handlers do this
 * besides stamping every read and write; the gateway leaves those out, so without this a connection's passport would
 * grow with every request it carries.
 */
@ChannelHandler.Sharable
final class PassportClearing extends ChannelInboundHandlerAdapter {

    static final PassportClearing INSTANCE = new PassportClearing();

    private PassportClearing() {}

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        try {
            super.userEventTriggered(ctx, event);
        } finally {
            if (event instanceof CompleteEvent) {
                CurrentPassport.clearFromChannel(ctx.channel());
            }
        }
    }
}
