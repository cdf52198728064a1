package io.cfkit.cfdeploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one folder that holds the local platform's state: what the user asked for (desired.json, written by
 * the CLI under the lock), what runs (actual.json, written by the supervisor), logs, the config repo and
 * the generated credentials.
 */
public record StateDir(Path root) {

    public StateDir {
        root = root.toAbsolutePath().normalize();
    }

    public StateDir create() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Path desired() {
        return root.resolve("desired.json");
    }

    public Path actual() {
        return root.resolve("actual.json");
    }

    public Path lock() {
        return root.resolve("lock");
    }

    public Path supervisorLog() {
        return root.resolve("supervisor.log");
    }

    public Path credentials() {
        return root.resolve("credentials.env");
    }

    public Path configRepo() {
        return root.resolve("config-repo");
    }

    public Path logs(String app) {
        return root.resolve("logs").resolve(app);
    }

    public Path instanceLog(String app, int index) {
        return logs(app).resolve(index + ".log");
    }

    /** Copies of the apps' jars, which the instances run: rebuilding a jar does not touch a running kit. */
    public Path droplets() {
        return root.resolve("droplets");
    }

    /** An instance's working folder, like /home/vcap/app on Cloud Foundry. */
    public Path workDir(String app, int index) {
        return root.resolve("work").resolve(app + "-" + index);
    }
}
