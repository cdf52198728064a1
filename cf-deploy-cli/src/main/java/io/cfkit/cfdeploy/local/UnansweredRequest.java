package io.cfkit.cfdeploy.local;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client bytes of the current turn that no backend has answered yet, kept (as retained duplicates, no
 * copy) so they can be sent to another instance when the first one closes without answering. Only a
 * request that starts with an idempotent method and fits the limit may be replayed, as gorouter and Zuul
 * retry only those: anything else may already have had an effect.
 */
final class UnansweredRequest {

    private static final List<byte[]> IDEMPOTENT_METHODS = List.of(
            "GET ".getBytes(StandardCharsets.US_ASCII),
            "HEAD ".getBytes(StandardCharsets.US_ASCII),
            "OPTIONS ".getBytes(StandardCharsets.US_ASCII));

    private final int limitBytes;
    private final List<ByteBuf> kept = new ArrayList<>();
    private int keptBytes;
    private boolean overLimit;

    UnansweredRequest(int limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Keeps these bytes too, unless the turn has outgrown the limit: then nothing of it is kept. */
    void keep(ByteBuf bytes) {
        if (overLimit) {
            return;
        }
        if (keptBytes + bytes.readableBytes() > limitBytes) {
            release();
            overLimit = true;
            return;
        }
        kept.add(bytes.retainedDuplicate());
        keptBytes += bytes.readableBytes();
    }

    /** Whether every byte of this turn is kept and they begin with an idempotent HTTP method. */
    boolean isReplayable() {
        return !overLimit && keptBytes > 0 && startsWithIdempotentMethod();
    }

    /** Whether every byte read in this turn is still kept (false once the turn outgrew the limit). */
    boolean isWhole() {
        return !overLimit;
    }

    /** Writes the kept bytes to a new backend; they stay kept, in case that one fails too. */
    void replayTo(Channel backend) {
        for (ByteBuf bytes : kept) {
            backend.write(bytes.retainedDuplicate(), backend.voidPromise());
        }
        backend.flush();
    }

    /** A new turn: forgets what was kept. */
    void clear() {
        release();
        overLimit = false;
    }

    private void release() {
        kept.forEach(ByteBuf::release);
        kept.clear();
        keptBytes = 0;
    }

    private boolean startsWithIdempotentMethod() {
        for (byte[] method : IDEMPOTENT_METHODS) {
            if (startsWith(method)) {
                return true;
            }
        }
        return false;
    }

    private boolean startsWith(byte[] prefix) {
        if (keptBytes < prefix.length) {
            return false;
        }
        int matched = 0;
        for (ByteBuf bytes : kept) {
            for (int i = bytes.readerIndex(); i < bytes.writerIndex() && matched < prefix.length; i++) {
                if (bytes.getByte(i) != prefix[matched++]) {
                    return false;
                }
            }
            if (matched == prefix.length) {
                return true;
            }
        }
        return matched == prefix.length;
    }
}
