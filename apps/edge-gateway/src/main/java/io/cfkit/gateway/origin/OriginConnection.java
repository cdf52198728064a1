package io.cfkit.gateway.origin;

import io.cfkit.gateway.edge.ReadDeadline;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/**
 * One keep-alive connection to a backend instance, serving one request at a time. The response's read timeout runs
 * from the moment the request is written until the response's last content, each read moving it on (Zuul's rule);
 * the idle timeout while the connection waits in its pool. Both are one timer each that stays in place (see
 * ReadDeadline), not a handler added and removed per request.
 */
final class OriginConnection extends ChannelDuplexHandler {

    static final String NAME = "origin";

    private final OriginConnections pool;
    private final InetSocketAddress address;
    private final long idleNanos;
    private final int maxRequests;
    private final ReadDeadline responseDeadline =
            new ReadDeadline(ctx -> fail(ctx, ReadTimeoutException.INSTANCE));
    private final ReadDeadline idleDeadline = new ReadDeadline(ChannelHandlerContext::close);
    private ChannelHandlerContext ctx;
    private OriginResponseListener listener;
    private Duration readTimeout;
    private boolean requestWritten;
    private boolean reusable;
    private int served;

    OriginConnection(OriginConnections pool, InetSocketAddress address, Duration idleTimeout, int maxRequests) {
        this.pool = pool;
        this.address = address;
        this.idleNanos = idleTimeout.toNanos();
        this.maxRequests = maxRequests;
    }

    InetSocketAddress address() {
        return address;
    }

    Channel channel() {
        return ctx.channel();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Takes the connection for one request, whose response goes to the listener. */
    void begin(OriginResponseListener listener, Duration readTimeout) {
        this.listener = listener;
        this.readTimeout = readTimeout;
        requestWritten = false;
        idleDeadline.stop();
        responseDeadline.watch();
    }

    /**
     * Writes a part of the request (its head, a piece of its body, or all of it); once its last part is written the
     * response's read timeout runs.
     */
    void write(HttpObject part) {
        OriginResponseListener current = listener;
        boolean last = part instanceof LastHttpContent;
        ctx.writeAndFlush(part).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess()) {
                if (listener == current) {
                    fail(ctx, written.cause());
                }
            } else if (last && listener == current) {
                requestWritten = true;
                responseDeadline.arm(ctx, readTimeout.toNanos());
            }
        });
    }

    boolean writable() {
        return ctx.channel().isWritable();
    }

    /** Gives up on the request in progress: the connection cannot serve another, so it is closed. */
    void abort() {
        listener = null;
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        OriginResponseListener current = listener;
        if (current != null && ctx.channel().isWritable()) {
            current.writable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        responseDeadline.read(ctx);
        idleDeadline.read(ctx);
        OriginResponseListener current = listener;
        if (current == null) {
            // Nothing asked for it (a backend that talks out of turn): the connection cannot be trusted any more.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
                // A 100 Continue the request did not ask for; the final response follows.
                ReferenceCountUtil.release(msg);
                return;
            }
            reusable = HttpUtil.isKeepAlive(response) && ++served < maxRequests;
            current.head(response);
        }
        if (msg instanceof HttpContent content) {
            if (content instanceof LastHttpContent) {
                responseDeadline.stop();
                listener = null;
                // A backend may answer before it has read the whole request; the rest of it would then be taken for
                // the next request's, so such a connection is not kept.
                if (reusable && requestWritten) {
                    idleDeadline.watch();
                    idleDeadline.arm(ctx, idleNanos);
                    pool.release(this);
                } else {
                    ctx.close();
                }
            }
            current.content(content);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        pool.forget(this);
        fail(ctx, new ClosedChannelException());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        OriginResponseListener current = listener;
        listener = null;
        responseDeadline.stop();
        ctx.close();
        if (current != null) {
            current.failed(cause);
        }
    }
}
