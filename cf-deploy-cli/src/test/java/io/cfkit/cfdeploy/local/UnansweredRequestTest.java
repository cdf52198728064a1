package io.cfkit.cfdeploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnansweredRequestTest {

    private final UnansweredRequest request = new UnansweredRequest(64);

    @Test
    void anIdempotentMethodSplitOverReadsIsRecognised() {
        keep("GE");
        assertThat(request.isReplayable()).isFalse();
        keep("T / HTTP/1.1\r\n");
        assertThat(request.isReplayable()).isTrue();
    }

    @Test
    void otherMethodsAndLookAlikesAreNotReplayable() {
        keep("GETX / HTTP/1.1\r\n");
        assertThat(request.isReplayable()).isFalse();
        request.clear();
        keep("POST / HTTP/1.1\r\n");
        assertThat(request.isReplayable()).isFalse();
        request.clear();
        keep("OPTIONS * HTTP/1.1\r\n");
        assertThat(request.isReplayable()).isTrue();
    }

    @Test
    void aTurnOverTheLimitIsNotKeptUntilTheNextTurn() {
        keep("GET / HTTP/1.1\r\n");
        keep("X".repeat(64));
        assertThat(request.isReplayable()).isFalse();
        assertThat(request.isWhole()).isFalse();
        request.clear();
        keep("HEAD / HTTP/1.1\r\n");
        assertThat(request.isReplayable()).isTrue();
    }

    @Test
    void keptBytesAreReleasedWhenCleared() {
        ByteBuf bytes = Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII);
        request.keep(bytes);
        bytes.release();
        assertThat(bytes.refCnt()).isEqualTo(1);
        request.clear();
        assertThat(bytes.refCnt()).isZero();
    }

    private void keep(String text) {
        ByteBuf bytes = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        request.keep(bytes);
        bytes.release();
    }
}
