package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Held by every command that changes the kit, so two such commands at once cannot interleave their
 * writes. Not waiting for it is deliberate: the second command says who holds it and stops.
 */
final class KitLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private KitLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static KitLock acquire(StateDir state, String command) {
        state.create();
        try {
            FileChannel channel = FileChannel.open(state.lock(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String owner = new String(Files.readAllBytes(state.lock()), StandardCharsets.UTF_8).trim();
                channel.close();
                throw new UserError("another cf-deploy command is changing the kit (" + owner
                        + "): wait for it to finish, then try again");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ": " + command)
                    .getBytes(StandardCharsets.UTF_8)));
            return new KitLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
