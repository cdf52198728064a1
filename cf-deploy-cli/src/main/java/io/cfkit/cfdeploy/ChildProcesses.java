package io.cfkit.cfdeploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way cf-deploy starts and awaits processes (a build, a smoke test, the supervisor, an instance): every
 * wait is bounded, and what outlives its time is killed together with the processes it started.
 */
public final class ChildProcesses {

    /** How long a killed process gets to be gone; SIGKILL cannot be refused, so this is only the kernel's time. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ChildProcesses() {
    }

    /**
     * The command as it runs in a session of its own ({@code setsid}, where there is one): Ctrl-C in the terminal
     * that started cf-deploy does not reach it, and where the kernel's scheduler autogroups are on (as on the
     * machines the benchmarks ran on) it gets a CPU share of its own, as each instance on Cloud Foundry gets its
     * container's. With the router and every instance in one session, the gateway and the router shared one share
     * under load (docs/performance.md, runs E1-E3).
     */
    public static List<String> inSessionOfItsOwn(List<String> command) {
        if (!Files.isExecutable(Path.of("/usr/bin/setsid")) && !Files.isExecutable(Path.of("/bin/setsid"))) {
            return command;
        }
        List<String> withSetsid = new ArrayList<>(command.size() + 1);
        withSetsid.add("setsid");
        withSetsid.addAll(command);
        return withSetsid;
    }

    /** Starts the command; a command that cannot be run (no such file, not executable) is a {@link UserError}. */
    public static Process start(ProcessBuilder builder, String what) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UserError("cannot start " + what + ": " + e.getMessage());
        }
    }

    /**
     * Runs the command to its end and returns its exit status; one still running after {@code timeout} is killed
     * and is a {@link UserError} naming {@code what}.
     */
    public static int run(ProcessBuilder builder, Duration timeout, String what) {
        Process process = start(builder, what);
        if (!awaitExit(process, timeout)) {
            throw new UserError(Thread.currentThread().isInterrupted() ? "interrupted: stopped " + what
                    : what + " did not finish within " + describe(timeout) + ": stopped it");
        }
        return process.exitValue();
    }

    /**
     * Waits up to {@code grace} for the process to exit by itself; then kills it and the processes it started.
     * True when it exited by itself. An interrupted wait kills too, and keeps the thread's interrupt flag.
     */
    public static boolean awaitExit(Process process, Duration grace) {
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill(process);
        return false;
    }

    /** SIGKILL to the process and everything it started, then a bounded wait for it to be gone. */
    public static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Duration timeout) {
        return timeout.toSeconds() % 60 == 0 ? timeout.toMinutes() + " min" : timeout.toSeconds() + " s";
    }
}
