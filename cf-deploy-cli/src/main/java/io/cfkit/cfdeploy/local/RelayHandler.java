package io.cfkit.cfdeploy.local;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/**
 * Relays what one connection reads to its peer, unchanged. Backpressure: while the peer cannot take more,
 * this side stops reading, and the peer's handler resumes it once the peer has drained. When either side
 * closes, the other is closed after what it still has to write is written.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private final Channel peer;

    RelayHandler(Channel peer) {
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // a failed write reaches the peer's exceptionCaught, which closes it: no future per write needed
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** One flush per batch of reads rather than per read: fewer system calls under load. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * This side has nothing more to send (half-close): pass that on once its last bytes are written, and
     * close both when the other direction is finished too.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            if (!peer.isActive()) {
                ctx.close();
            } else if (((DuplexChannel) peer).isInputShutdown()) {
                closeAfterFlush(peer);
                closeAfterFlush(ctx.channel());
            } else {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER)
                        .addListener(written -> ((DuplexChannel) peer).shutdownOutput());
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeAfterFlush(peer);
    }

    /** A reset or a broken pipe ends the relay; there is no one to tell but the other side, by closing it. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    static void closeAfterFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
