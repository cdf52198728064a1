package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.state.CommandLock;
import io.cfkit.cfdeploy.state.JsonStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Rollouts on disk, one file per service, and the lock that allows one rollout command per service at a
 * time: a second is refused, naming the one in progress.
 */
public final class RolloutStore {

    private final Path folder;

    public RolloutStore(Path folder) {
        this.folder = folder;
    }

    public Optional<Rollout> find(String service) {
        return JsonStore.read(file(service), Rollout.class);
    }

    public void save(Rollout rollout) {
        JsonStore.write(file(rollout.service()), rollout);
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
    public CommandLock lock(String service, String command) {
        return CommandLock.acquire(folder.resolve(service + ".lock"), command, holder -> "a rollout of " + service
                + " is in progress (" + holder + "): wait for it, or stop it with Ctrl-C where it runs");
    }

    private Path file(String service) {
        return folder.resolve(service + ".json");
    }

    private Path resumeFile(String service) {
        return folder.resolve(service + ".resume");
    }
}
