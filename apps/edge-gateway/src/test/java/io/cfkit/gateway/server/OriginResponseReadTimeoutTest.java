package io.cfkit.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.zuul.netty.connectionpool.ClientTimeoutHandler;
import io.cfkit.gateway.support.TimedChannel;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OriginResponseReadTimeoutTest {

    private static final long TIMEOUT_MILLIS = 1000;

    private final TimedChannel timed = new TimedChannel(new OriginResponseReadTimeout());

    OriginResponseReadTimeoutTest() {
        // What ProxyEndpoint puts on the origin's channel before it writes a request.
        timed.channel().attr(ClientTimeoutHandler.ORIGIN_RESPONSE_READ_TIMEOUT).set(Duration.ofMillis(TIMEOUT_MILLIS));
    }

    @AfterEach
    void close() {
        timed.finish();
    }

    @Test
    void anOriginThatDoesNotAnswerTimesOutAndIsClosed() {
        sendRequest();

        timed.pass(TIMEOUT_MILLIS - 1);
        assertThat(timed.errors()).isEmpty();
        timed.pass(1);
        assertThat(timed.errors()).containsExactly(ReadTimeoutException.INSTANCE);
        assertThat(timed.channel().isOpen()).isFalse();
    }

    @Test
    void eachReadOfTheResponseStartsTheTimeoutAgain() {
        sendRequest();
        timed.pass(TIMEOUT_MILLIS - 100);
        timed.read(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        timed.pass(TIMEOUT_MILLIS - 100);
        assertThat(timed.errors()).isEmpty();

        timed.pass(100);
        assertThat(timed.errors()).containsExactly(ReadTimeoutException.INSTANCE);
    }

    @Test
    void aCompleteResponseTimesNothingOut() {
        sendRequest();
        timed.read(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), LastHttpContent.EMPTY_LAST_CONTENT);

        timed.pass(TIMEOUT_MILLIS * 5);
        assertThat(timed.errors()).isEmpty();
        assertThat(timed.channel().isOpen()).isTrue();
        assertThat(timed.timerPending()).as("the timer left from the request ended").isFalse();
    }

    @Test
    void theNextRequestGetsItsWholeTimeoutWhileTheTimerOfTheLastOneIsPending() {
        sendRequest();
        timed.pass(TIMEOUT_MILLIS - 100);
        timed.read(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), LastHttpContent.EMPTY_LAST_CONTENT);
        sendRequest();

        timed.pass(TIMEOUT_MILLIS - 1);
        assertThat(timed.errors()).isEmpty();
        timed.pass(1);
        assertThat(timed.errors()).containsExactly(ReadTimeoutException.INSTANCE);
    }

    @Test
    void aShorterTimeoutOnTheNextRequestIsNotHeldUpByTheTimerOfTheLastOne() {
        sendRequest();
        timed.read(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), LastHttpContent.EMPTY_LAST_CONTENT);
        timed.channel().attr(ClientTimeoutHandler.ORIGIN_RESPONSE_READ_TIMEOUT).set(Duration.ofMillis(TIMEOUT_MILLIS / 5));
        sendRequest();

        timed.pass(TIMEOUT_MILLIS / 5);
        assertThat(timed.errors()).containsExactly(ReadTimeoutException.INSTANCE);
    }

    @Test
    void theNextRequestOnTheConnectionTimesOutToo() {
        sendRequest();
        timed.read(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), LastHttpContent.EMPTY_LAST_CONTENT);
        sendRequest();

        timed.pass(TIMEOUT_MILLIS);
        assertThat(timed.errors()).containsExactly(ReadTimeoutException.INSTANCE);
    }

    @Test
    void noTimeoutOnTheChannelSetsNoTimer() {
        timed.channel().attr(ClientTimeoutHandler.ORIGIN_RESPONSE_READ_TIMEOUT).set(null);
        sendRequest();

        assertThat(timed.timerPending()).isFalse();
    }

    @Test
    void aClosedConnectionTimesNothingOut() {
        sendRequest();
        timed.channel().close();

        timed.pass(TIMEOUT_MILLIS * 2);
        assertThat(timed.errors()).isEmpty();
    }

    /** A request with a body, written to the origin. */
    private void sendRequest() {
        timed.write(
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload"),
                new DefaultHttpContent(Unpooled.copiedBuffer("01234".getBytes())),
                LastHttpContent.EMPTY_LAST_CONTENT);
    }
}
