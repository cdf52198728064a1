package io.cfkit.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.netty.common.HttpRequestReadTimeoutEvent;
import io.cfkit.gateway.support.TimedChannel;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestBodyReadTimeoutTest {

    private static final long TIMEOUT_MILLIS = 1000;

    private final TimedChannel timed =
            new TimedChannel(new RequestBodyReadTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));

    @AfterEach
    void close() {
        timed.finish();
    }

    @Test
    void aBodyThatStopsArrivingTimesOut() {
        timed.read(post(), body("0123456789"));

        timed.pass(TIMEOUT_MILLIS - 1);
        assertThat(timed.events()).isEmpty();
        timed.pass(1);
        assertThat(timed.events()).containsExactly(HttpRequestReadTimeoutEvent.INSTANCE);
    }

    @Test
    void eachReadOfTheBodyStartsTheTimeoutAgain() {
        timed.read(post());
        timed.pass(TIMEOUT_MILLIS - 100);
        timed.read(body("01234"));
        timed.pass(TIMEOUT_MILLIS - 100);
        assertThat(timed.events()).isEmpty();

        timed.pass(100);
        assertThat(timed.events()).containsExactly(HttpRequestReadTimeoutEvent.INSTANCE);
    }

    @Test
    void aCompleteRequestDoesNotTimeOutHoweverLongTheAnswerTakes() {
        timed.read(post(), body("0123456789"));
        timed.pass(TIMEOUT_MILLIS / 2);
        timed.read(LastHttpContent.EMPTY_LAST_CONTENT);

        timed.pass(TIMEOUT_MILLIS * 5);
        assertThat(timed.events()).isEmpty();
    }

    @Test
    void aRequestReadWholeInOneGoLeavesNoTimer() {
        timed.read(get(), LastHttpContent.EMPTY_LAST_CONTENT);

        assertThat(timed.timerPending()).isFalse();
    }

    @Test
    void theNextSlowRequestOnTheConnectionTimesOutToo() {
        timed.read(get(), LastHttpContent.EMPTY_LAST_CONTENT);
        timed.read(post(), body("01234"));

        timed.pass(TIMEOUT_MILLIS);
        assertThat(timed.events()).containsExactly(HttpRequestReadTimeoutEvent.INSTANCE);
    }

    @Test
    void aClosedConnectionTimesNothingOut() {
        timed.read(post(), body("01234"));
        timed.channel().close();

        timed.pass(TIMEOUT_MILLIS * 2);
        assertThat(timed.events()).doesNotContain(HttpRequestReadTimeoutEvent.INSTANCE);
    }

    private static HttpRequest post() {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload");
    }

    private static HttpRequest get() {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/hello");
    }

    private static DefaultHttpContent body(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text.getBytes()));
    }
}
