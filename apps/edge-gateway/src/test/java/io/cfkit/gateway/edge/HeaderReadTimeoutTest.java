package io.cfkit.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.gateway.edge.EdgeCounters.Reason;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The header timeout around a real HTTP decoder, on the channel's own clock. */
class HeaderReadTimeoutTest {

    private static final long TIMEOUT_MILLIS = 1000;

    private final EdgeCounters counters = new EdgeCounters();
    private final HeaderReadTimeout timeout = new HeaderReadTimeout(TIMEOUT_MILLIS, counters);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    HeaderReadTimeoutTest() {
        // Only pass() moves the channel's clock; the handlers go in after that, as on a connection just accepted.
        channel.freezeTime();
        channel.pipeline().addLast(timeout.beforeDecoder(), new HttpServerCodec(), timeout.afterDecoder(),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }
                });
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aHeadThatDoesNotArriveInTimeClosesTheConnection() {
        receive("GET /slow HTTP/1.1\r\nHost: gw\r\n");

        pass(TIMEOUT_MILLIS - 1);
        assertThat(channel.isOpen()).isTrue();
        pass(1);
        assertThat(channel.isOpen()).isFalse();
        assertThat(counters.count(Reason.HEADER_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aWholeHeadStopsTheClock() {
        receive("GET /fast HTTP/1.1\r\nHost: gw\r\n\r\n");

        pass(TIMEOUT_MILLIS * 5);
        assertThat(channel.isOpen()).isTrue();
        assertThat(counters.count(Reason.HEADER_TIMEOUT)).isZero();
    }

    @Test
    void theNextHeadOnTheConnectionGetsItsWholeTimeWhileTheTimerOfTheLastOneIsPending() {
        pass(TIMEOUT_MILLIS - 100);
        receive("GET /first HTTP/1.1\r\nHost: gw\r\n\r\n");
        receive("GET /second HTTP/1.1\r\nHost: gw\r\n");

        pass(TIMEOUT_MILLIS - 1);
        assertThat(channel.isOpen()).isTrue();
        pass(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aClosedConnectionLeavesNoTimer() {
        receive("GET /slow HTTP/1.1\r\n");
        channel.close();

        assertThat(channel.runScheduledPendingTasks()).isEqualTo(-1);
        assertThat(counters.count(Reason.HEADER_TIMEOUT)).isZero();
    }

    private void receive(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
    }

    private void pass(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }
}
