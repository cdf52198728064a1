package io.cfkit.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.gateway.edge.EdgeCounters.Reason;
import io.cfkit.gateway.support.TimedChannel;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The header timeout around a real HTTP decoder, on the channel's own clock. */
class HeaderReadTimeoutTest {

    private static final long TIMEOUT_MILLIS = 1000;

    private final EdgeCounters counters = new EdgeCounters();
    private final HeaderReadTimeout timeout = new HeaderReadTimeout(TIMEOUT_MILLIS, counters);
    private final TimedChannel timed = new TimedChannel(
            timeout.beforeDecoder(), new HttpServerCodec(), timeout.afterDecoder());

    @AfterEach
    void close() {
        timed.finish();
    }

    @Test
    void aHeadThatDoesNotArriveInTimeClosesTheConnection() {
        receive("GET /slow HTTP/1.1\r\nHost: gw\r\n");

        timed.pass(TIMEOUT_MILLIS - 1);
        assertThat(timed.channel().isOpen()).isTrue();
        timed.pass(1);
        assertThat(timed.channel().isOpen()).isFalse();
        assertThat(counters.count(Reason.HEADER_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aWholeHeadStopsTheClock() {
        receive("GET /fast HTTP/1.1\r\nHost: gw\r\n\r\n");

        timed.pass(TIMEOUT_MILLIS * 5);
        assertThat(timed.channel().isOpen()).isTrue();
        assertThat(counters.count(Reason.HEADER_TIMEOUT)).isZero();
    }

    @Test
    void theNextHeadOnTheConnectionGetsItsWholeTimeWhileTheTimerOfTheLastOneIsPending() {
        timed.pass(TIMEOUT_MILLIS - 100);
        receive("GET /first HTTP/1.1\r\nHost: gw\r\n\r\n");
        receive("GET /second HTTP/1.1\r\nHost: gw\r\n");

        timed.pass(TIMEOUT_MILLIS - 1);
        assertThat(timed.channel().isOpen()).isTrue();
        timed.pass(1);
        assertThat(timed.channel().isOpen()).isFalse();
    }

    @Test
    void aClosedConnectionLeavesNoTimer() {
        receive("GET /slow HTTP/1.1\r\n");
        timed.channel().close();

        assertThat(timed.timerPending()).isFalse();
        assertThat(counters.count(Reason.HEADER_TIMEOUT)).isZero();
    }

    private void receive(String bytes) {
        timed.receive(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
    }
}
