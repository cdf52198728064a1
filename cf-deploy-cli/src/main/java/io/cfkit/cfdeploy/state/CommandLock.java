package io.cfkit.cfdeploy.state;

import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/**
 * A lock file held by one cf-deploy command at a time, naming the command that holds it. Not waiting for it is
 * deliberate: the second command says who holds it and stops. The operating system releases it when the holder
 * exits, however it exits.
 */
public final class CommandLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private CommandLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock for {@code command}, or throws a {@link UserError} whose message {@code whenHeld} makes from
     * the holder's description (e.g. {@code pid 42: cf-deploy up}).
     */
    public static CommandLock acquire(Path file, String command, Function<String, String> whenHeld) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new UserError(whenHeld.apply(holder));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ": cf-deploy " + command)
                    .getBytes(StandardCharsets.UTF_8)));
            return new CommandLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    /** Null when another holds it: another process, or (as the JDK reports it) another channel of this one. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
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
