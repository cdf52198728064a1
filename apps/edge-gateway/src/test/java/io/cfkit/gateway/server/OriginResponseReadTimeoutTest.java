package io.cfkit.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.zuul.netty.connectionpool.ClientTimeoutHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OriginResponseReadTimeoutTest {

    private static final long TIMEOUT_MILLIS = 1000;

    private final List<Throwable> errorsAfter = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new OriginResponseReadTimeout(),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    errorsAfter.add(cause);
                }
            });

    OriginResponseReadTimeoutTest() {
        // Only pass() moves the channel's clock.
        channel.freezeTime();
        // What ProxyEndpoint puts on the origin's channel before it writes a request.
        channel.attr(ClientTimeoutHandler.ORIGIN_RESPONSE_READ_TIMEOUT).set(Duration.ofMillis(TIMEOUT_MILLIS));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void anOriginThatDoesNotAnswerTimesOutAndIsClosed() {
        sendRequest();

        pass(TIMEOUT_MILLIS - 1);
        assertThat(errorsAfter).isEmpty();
        pass(1);
        assertThat(errorsAfter).containsExactly(ReadTimeoutException.INSTANCE);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void eachReadOfTheResponseStartsTheTimeoutAgain() {
        sendRequest();
        pass(TIMEOUT_MILLIS - 100);
        read(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        pass(TIMEOUT_MILLIS - 100);
        assertThat(errorsAfter).isEmpty();

        pass(100);
        assertThat(errorsAfter).containsExactly(ReadTimeoutException.INSTANCE);
    }

    @Test
    void aCompleteResponseTimesNothingOut() {
        sendRequest();
        read(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), LastHttpContent.EMPTY_LAST_CONTENT);

        pass(TIMEOUT_MILLIS * 5);
        assertThat(errorsAfter).isEmpty();
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.runScheduledPendingTasks()).as("the timer left from the request ended").isEqualTo(-1);
    }

    @Test
    void theNextRequestGetsItsWholeTimeoutWhileTheTimerOfTheLastOneIsPending() {
        sendRequest();
        pass(TIMEOUT_MILLIS - 100);
        read(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), LastHttpContent.EMPTY_LAST_CONTENT);
        sendRequest();

        pass(TIMEOUT_MILLIS - 1);
        assertThat(errorsAfter).isEmpty();
        pass(1);
        assertThat(errorsAfter).containsExactly(ReadTimeoutException.INSTANCE);
    }

    @Test
    void aShorterTimeoutOnTheNextRequestIsNotHeldUpByTheTimerOfTheLastOne() {
        sendRequest();
        read(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), LastHttpContent.EMPTY_LAST_CONTENT);
        channel.attr(ClientTimeoutHandler.ORIGIN_RESPONSE_READ_TIMEOUT).set(Duration.ofMillis(TIMEOUT_MILLIS / 5));
        sendRequest();

        pass(TIMEOUT_MILLIS / 5);
        assertThat(errorsAfter).containsExactly(ReadTimeoutException.INSTANCE);
    }

    @Test
    void theNextRequestOnTheConnectionTimesOutToo() {
        sendRequest();
        read(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), LastHttpContent.EMPTY_LAST_CONTENT);
        sendRequest();

        pass(TIMEOUT_MILLIS);
        assertThat(errorsAfter).containsExactly(ReadTimeoutException.INSTANCE);
    }

    @Test
    void noTimeoutOnTheChannelSetsNoTimer() {
        channel.attr(ClientTimeoutHandler.ORIGIN_RESPONSE_READ_TIMEOUT).set(null);
        sendRequest();

        assertThat(channel.runScheduledPendingTasks()).isEqualTo(-1);
    }

    @Test
    void aClosedConnectionTimesNothingOut() {
        sendRequest();
        channel.close();

        pass(TIMEOUT_MILLIS * 2);
        assertThat(errorsAfter).isEmpty();
    }

    /** A request with a body, written to the origin. */
    private void sendRequest() {
        channel.writeOutbound(
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload"),
                new DefaultHttpContent(Unpooled.copiedBuffer("01234".getBytes())),
                LastHttpContent.EMPTY_LAST_CONTENT);
        releaseWritten();
    }

    private void releaseWritten() {
        Object written;
        while ((written = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(written);
        }
    }

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
}
