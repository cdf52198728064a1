package io.cfkit.cfdeploy.traffic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Rollouts on disk, one file per service, and the lock that allows one rollout command per service at a
 * time: a second is refused, naming the one in progress.
 */
public final class RolloutStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path folder;

    public RolloutStore(Path folder) {
        this.folder = folder;
    }

    public Optional<Rollout> find(String service) {
        Path file = file(service);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Rollout.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public void save(Rollout rollout) {
        try {
            Files.createDirectories(folder);
            Path tmp = folder.resolve(rollout.service() + ".json.tmp");
            JSON.writeValue(tmp.toFile(), rollout);
            Files.move(tmp, file(rollout.service()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks a paused plan to go on; the plan's process sees the file and removes it. */
    public void requestResume(String service) {
        try {
            Files.createDirectories(folder);
            Files.writeString(resumeFile(service), "resume");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean takeResumeRequest(String service) {
        try {
            return Files.deleteIfExists(resumeFile(service));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Held for the whole of a rollout command; closing releases it. */
    public AutoCloseable lock(String service, String command) {
        try {
            Files.createDirectories(folder);
            Path path = folder.resolve(service + ".lock");
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = Files.readString(path, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new UserError("a rollout of " + service + " is in progress (" + holder
                        + "): wait for it, or stop it with Ctrl-C where it runs");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ": cf-deploy " + command)
                    .getBytes(StandardCharsets.UTF_8)));
            return () -> {
                lock.release();
                channel.close();
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String service) {
        return folder.resolve(service + ".json");
    }

    private Path resumeFile(String service) {
        return folder.resolve(service + ".resume");
    }
}
