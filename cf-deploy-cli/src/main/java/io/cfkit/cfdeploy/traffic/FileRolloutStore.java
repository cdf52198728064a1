package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.state.CommandLock;
import io.cfkit.cfdeploy.state.JsonStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Rollouts in the local state folder, one file per service, locked with the operating system's file locks: for
 * the local platform, where every command runs on this one machine.
 */
public final class FileRolloutStore implements RolloutStore {

    private final Path folder;

    public FileRolloutStore(Path folder) {
        this.folder = folder;
    }

    @Override
    public Optional<Rollout> find(String service) {
        return JsonStore.read(file(service), Rollout.class);
    }

    @Override
    public void save(Rollout rollout) {
        JsonStore.write(file(rollout.service()), rollout);
    }

    /** The plan's process sees the file and removes it. */
    @Override
    public void requestResume(String service) {
        try {
            Files.createDirectories(folder);
            Files.writeString(resumeFile(service), "resume");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String resumeRequestPlace(String service) {
        return "file " + resumeFile(service);
    }

    @Override
    public boolean takeResumeRequest(String service) {
        try {
            return Files.deleteIfExists(resumeFile(service));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CommandLock lock(String service, String command) {
        return CommandLock.acquire(folder.resolve(service + ".lock"), command, holder -> "a rollout of " + service
                + " is in progress (" + holder + "): wait for it, or stop it with Ctrl-C where it runs");
    }

    /** The OS lock is taken and let go at once: its file stays, as after every command. */
    @Override
    public void checkLock(String service) {
        lock(service, "check of the lock").close();
    }

    private Path file(String service) {
        return folder.resolve(service + ".json");
    }

    private Path resumeFile(String service) {
        return folder.resolve(service + ".resume");
    }
}
