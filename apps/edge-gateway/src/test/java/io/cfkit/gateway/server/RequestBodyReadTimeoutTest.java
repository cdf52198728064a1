package io.cfkit.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.netty.common.HttpRequestReadTimeoutEvent;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestBodyReadTimeoutTest {

    private static final long TIMEOUT_MILLIS = 1000;

    private final List<Object> eventsAfter = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new RequestBodyReadTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                    eventsAfter.add(event);
                }
            });

    RequestBodyReadTimeoutTest() {
        // Only pass() moves the channel's clock: on a loaded machine real time passing between a read and an
        // assertion made a timer due a millisecond early.
        channel.freezeTime();
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aBodyThatStopsArrivingTimesOut() {
        read(post(), body("0123456789"));

        pass(TIMEOUT_MILLIS - 1);
        assertThat(eventsAfter).isEmpty();
        pass(1);
        assertThat(eventsAfter).containsExactly(HttpRequestReadTimeoutEvent.INSTANCE);
    }

    @Test
    void eachReadOfTheBodyStartsTheTimeoutAgain() {
        read(post());
        pass(TIMEOUT_MILLIS - 100);
        read(body("01234"));
        pass(TIMEOUT_MILLIS - 100);
        assertThat(eventsAfter).isEmpty();

        pass(100);
        assertThat(eventsAfter).containsExactly(HttpRequestReadTimeoutEvent.INSTANCE);
    }

    @Test
    void aCompleteRequestDoesNotTimeOutHoweverLongTheAnswerTakes() {
        read(post(), body("0123456789"));
        pass(TIMEOUT_MILLIS / 2);
        read(LastHttpContent.EMPTY_LAST_CONTENT);

        pass(TIMEOUT_MILLIS * 5);
        assertThat(eventsAfter).isEmpty();
    }

    @Test
    void aRequestReadWholeInOneGoLeavesNoTimer() {
        read(get(), LastHttpContent.EMPTY_LAST_CONTENT);

        assertThat(channel.runScheduledPendingTasks()).isEqualTo(-1);
    }

    @Test
    void theNextSlowRequestOnTheConnectionTimesOutToo() {
        read(get(), LastHttpContent.EMPTY_LAST_CONTENT);
        read(post(), body("01234"));

        pass(TIMEOUT_MILLIS);
        assertThat(eventsAfter).containsExactly(HttpRequestReadTimeoutEvent.INSTANCE);
    }

    @Test
    void aClosedConnectionTimesNothingOut() {
        read(post(), body("01234"));
        channel.close();

        pass(TIMEOUT_MILLIS * 2);
        assertThat(eventsAfter).doesNotContain(HttpRequestReadTimeoutEvent.INSTANCE);
    }

    /** One read of the socket: the messages the decoder made of it, then the end of the read. */
    private void read(Object... messages) {
        for (Object message : messages) {
            channel.pipeline().fireChannelRead(message);
        }
        channel.pipeline().fireChannelReadComplete();
    }

    private void pass(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
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
