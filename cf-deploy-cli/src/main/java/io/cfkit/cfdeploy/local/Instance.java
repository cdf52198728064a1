package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.ChildProcesses;
import io.cfkit.cfdeploy.local.ActualState.InstanceState;
import io.cfkit.cfdeploy.manifest.AppManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * One running instance of an app, owned by the supervisor: its process, its port and where it stands in
 * its life (STARTING until the health check passes, RUNNING, CRASHED, STOPPING). Only the supervisor's
 * loop thread changes the state; the health check and the stop run on other threads and report back.
 */
final class Instance {

    /** Cloud Foundry gives an app this long after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** An exited process's output is copied at once, unless a child it left behind still holds the pipe. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);

    enum State { STARTING, RUNNING, CRASHED, STOPPING }

    final AppManifest app;
    final int index;
    /**
     * A new one at each start, as Cloud Foundry gives a restarted instance a new container: a port another process
     * took between our probe and the bind would otherwise fail every restart.
     */
    volatile int port;
    private final StateDir stateDir;
    private volatile Process process;
    /** Copies the process's output into its capped log; a thread per instance, as the output is a pipe. */
    private volatile Thread logWriter;
    private volatile State state;
    private volatile long sinceMillis;
    private volatile long startDeadlineMillis;
    private volatile boolean healthy;
    private volatile String guid;
    private int crashes;
    private String lastCrash;
    private long restartAtMillis;

    Instance(AppManifest app, int index, StateDir stateDir) {
        this.app = app;
        this.index = index;
        this.stateDir = stateDir;
    }

    void start(Map<String, String> parentEnv, String javaBinary) {
        guid = UUID.randomUUID().toString();
        port = Supervisor.freePort();
        try {
            Files.createDirectories(stateDir.logs(app.name()));
            Files.createDirectories(stateDir.workDir(app.name(), index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + app.name() + "/" + index, e);
        }
        ProcessBuilder pb = new ProcessBuilder(ChildProcesses.inSessionOfItsOwn(InstanceEnvironment.command(app, javaBinary)))
                .directory(stateDir.workDir(app.name(), index).toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(InstanceEnvironment.of(app, index, guid, port, parentEnv));
        event("Starting instance on 127.0.0.1:" + port);
        process = ChildProcesses.start(pb, app.name() + "/" + index);
        logWriter = new Thread(new InstanceLogWriter(process.getInputStream(),
                stateDir.instanceLog(app.name(), index), LogFiles.CAP_BYTES), "log-" + app.name() + "-" + index);
        logWriter.setDaemon(true);
        logWriter.start();
        healthy = false;
        setState(State.STARTING);
        startDeadlineMillis = System.currentTimeMillis() + app.timeoutSeconds() * 1000L;
    }

    State state() {
        return state;
    }

    boolean exited() {
        return process != null && !process.isAlive();
    }

    boolean startTimedOut() {
        return state == State.STARTING && System.currentTimeMillis() > startDeadlineMillis;
    }

    void markHealthy() {
        healthy = true;
    }

    boolean healthy() {
        return healthy;
    }

    void running() {
        event("Instance is healthy and running");
        setState(State.RUNNING);
    }

    /** Records a crash and when to try again: at once for the first three, then backing off, as Diego does. */
    void crashed(String why) {
        crashes++;
        lastCrash = why;
        if (process != null && !process.isAlive()) {
            awaitLastOutput();
        }
        event("Crashed: " + why + "; restart " + crashes);
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        long backoffSeconds = crashes <= 3 ? 0 : Math.min(30, 1L << Math.min(5, crashes - 3));
        restartAtMillis = System.currentTimeMillis() + backoffSeconds * 1000;
        setState(State.CRASHED);
    }

    boolean dueForRestart() {
        return state == State.CRASHED && System.currentTimeMillis() >= restartAtMillis;
    }

    /** Sends SIGTERM; the instance takes no more routed traffic from here on. */
    void requestStop() {
        if (state == State.STOPPING) {
            return;
        }
        setState(State.STOPPING);
        Process p = process;
        if (p != null && p.isAlive()) {
            event("Stopping instance (SIGTERM)");
            p.destroy();
        }
    }

    /** Waits for the exit, then SIGKILL after the grace period; blocks, so the supervisor calls it off its loop. */
    void awaitStop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        if (!ChildProcesses.awaitExit(p, STOP_GRACE)) {
            event("Instance did not stop within " + STOP_GRACE.toSeconds() + " s: killed it");
        }
        awaitLastOutput();
        event("Instance stopped");
    }

    String exitDescription() {
        Process p = process;
        return p == null || p.isAlive() ? "still running" : "exit status " + p.exitValue();
    }

    /** So that what an instance wrote last comes before the platform's line about its end. */
    private void awaitLastOutput() {
        Thread writer = logWriter;
        if (writer == null) {
            return;
        }
        try {
            writer.join(OUTPUT_DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    InstanceState snapshot() {
        Process p = process;
        return new InstanceState(index, guid, port, p == null ? 0 : p.pid(), state.name(), sinceMillis, crashes,
                lastCrash);
    }

    private void setState(State next) {
        state = next;
        sinceMillis = System.currentTimeMillis();
    }

    /** Platform events go into the instance's own log, as Cloud Foundry shows [CELL] lines among the app's. */
    void event(String message) {
        PlatformLog.append(stateDir.instanceLog(app.name(), index), "CELL/" + index, message);
    }
}
