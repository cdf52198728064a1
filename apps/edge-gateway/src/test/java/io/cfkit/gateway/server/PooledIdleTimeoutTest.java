package io.cfkit.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.gateway.support.TimedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PooledIdleTimeoutTest {

    private static final long IDLE_MILLIS = 30_000;

    private final PooledIdleTimeout idleTimeout = new PooledIdleTimeout(Duration.ofMillis(IDLE_MILLIS));
    private final TimedChannel timed = new TimedChannel(idleTimeout);

    @AfterEach
    void close() {
        timed.finish();
    }

    @Test
    void aConnectionIdleInThePoolForTheTimeoutGetsTheIdleEvent() {
        idleTimeout.pooled();

        timed.pass(IDLE_MILLIS - 1);
        assertThat(timed.events()).isEmpty();
        timed.pass(1);
        assertThat(timed.events()).containsExactly(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }

    @Test
    void aConnectionTakenOutOfThePoolIsNotIdle() {
        idleTimeout.pooled();
        timed.pass(IDLE_MILLIS / 2);
        sendRequest();

        timed.pass(IDLE_MILLIS * 2);
        assertThat(timed.events()).isEmpty();
        assertThat(timed.timerPending()).as("the timer ended").isFalse();
    }

    @Test
    void aConnectionPooledAgainGetsTheWholeTimeoutWhileTheTimerOfTheLastPoolingIsPending() {
        idleTimeout.pooled();
        timed.pass(IDLE_MILLIS - 100);
        sendRequest();
        idleTimeout.pooled();

        timed.pass(IDLE_MILLIS - 1);
        assertThat(timed.events()).isEmpty();
        timed.pass(1);
        assertThat(timed.events()).containsExactly(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }

    @Test
    void aReadWhilePooledStartsTheTimeoutAgain() {
        idleTimeout.pooled();
        timed.pass(IDLE_MILLIS - 100);
        timed.read(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));

        timed.pass(IDLE_MILLIS - 1);
        assertThat(timed.events()).isEmpty();
        timed.pass(1);
        assertThat(timed.events()).containsExactly(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }

    @Test
    void aClosedConnectionGetsNoIdleEvent() {
        idleTimeout.pooled();
        timed.channel().close();

        timed.pass(IDLE_MILLIS * 2);
        assertThat(timed.events()).isEmpty();
    }

    private void sendRequest() {
        timed.write(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
    }
}
