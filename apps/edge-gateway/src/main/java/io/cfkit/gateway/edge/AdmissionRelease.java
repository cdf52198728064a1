package io.cfkit.gateway.edge;

import com.netflix.netty.common.HttpLifecycleChannelHandler.CompleteEvent;
import io.cfkit.gateway.edge.ConcurrencyLimiter.Admission;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Gives a request's place in the concurrency limit back when the request is over (its response sent: ClientExchange
 * fires Zuul's CompleteEvent; or the connection closed), whichever way it ended. A connection serves one request at a
 * time, so the
 * connection holds at most one admission.
 */
@ChannelHandler.Sharable
public final class AdmissionRelease extends ChannelInboundHandlerAdapter {

    public static final AdmissionRelease INSTANCE = new AdmissionRelease();

    private static final AttributeKey<Admission> ADMISSION = AttributeKey.newInstance("cfkit.admission");

    private AdmissionRelease() {}

    /** Called by the filter that admitted the request. */
    public static void hold(Channel channel, Admission admission) {
        Admission previous = channel.attr(ADMISSION).getAndSet(admission);
        if (previous != null) {
            previous.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof CompleteEvent) {
            release(ctx.channel());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release(ctx.channel());
        super.channelInactive(ctx);
    }

    private static void release(Channel channel) {
        Admission admission = channel.attr(ADMISSION).getAndSet(null);
        if (admission != null) {
            admission.release();
        }
    }
}
