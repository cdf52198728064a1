package io.cfkit.gateway.support;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An EmbeddedChannel for a timeout handler: its clock moves only by {@link #pass}, and what leaves the handlers under
 * test at the end of the pipeline is recorded (user events and errors) or released (reads).
 */
public final class TimedChannel {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<Object> events = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();

    /** The handlers go in after the clock is frozen, as on a connection just accepted. */
    public TimedChannel(ChannelHandler... underTest) {
        // Real time passing between a read and an assertion on a loaded machine made a timer due a millisecond early.
        channel.freezeTime();
        channel.pipeline().addLast(underTest);
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                events.add(event);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });
    }

    public EmbeddedChannel channel() {
        return channel;
    }

    /** The user events that reached the end of the pipeline. */
    public List<Object> events() {
        return events;
    }

    /** The errors that reached the end of the pipeline. */
    public List<Throwable> errors() {
        return errors;
    }

    /** One read of the socket: the messages the decoder made of it, then the end of the read. */
    public void read(Object... messages) {
        for (Object message : messages) {
            channel.pipeline().fireChannelRead(message);
        }
        channel.pipeline().fireChannelReadComplete();
    }

    /** The bytes of one read of the socket, through the whole pipeline. */
    public void receive(Object bytes) {
        channel.writeInbound(bytes);
    }

    /** Written messages are released: the tests look at timers, not at the bytes. */
    public void write(Object... messages) {
        channel.writeOutbound(messages);
        Object written;
        while ((written = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(written);
        }
    }

    public void pass(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    /** Whether a timer is still set. */
    public boolean timerPending() {
        return channel.runScheduledPendingTasks() != -1;
    }

    public void finish() {
        channel.finishAndReleaseAll();
    }
}
