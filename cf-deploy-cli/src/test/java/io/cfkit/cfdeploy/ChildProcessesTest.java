package io.cfkit.cfdeploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With real processes: sh and sleep, which every machine that runs the kit has. */
class ChildProcessesTest {

    @TempDir
    Path dir;

    @Test
    void runReturnsTheExitStatus() {
        assertThat(ChildProcesses.run(new ProcessBuilder("sh", "-c", "exit 3"), Duration.ofSeconds(30), "sh"))
                .isEqualTo(3);
    }

    @Test
    void aCommandOverItsTimeIsKilledWithWhatItStarted() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "sleep 600 & echo $! > " + pidFile + "; wait");

        assertThatThrownBy(() -> ChildProcesses.run(builder, Duration.ofSeconds(2), "the build"))
                .isInstanceOf(UserError.class).hasMessage("the build did not finish within 2 s: stopped it");

        long child = Long.parseLong(Files.readString(pidFile).strip());
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aCommandThatCannotRunIsOneLine() {
        assertThatThrownBy(() -> ChildProcesses.run(new ProcessBuilder(dir.resolve("missing").toString()),
                Duration.ofSeconds(5), "the smoke test " + dir.resolve("missing")))
                .isInstanceOf(UserError.class).hasMessageStartingWith("cannot start the smoke test ");
    }

    @Test
    void awaitExitTellsWhetherTheProcessStoppedByItself() throws Exception {
        Process quick = new ProcessBuilder(List.of("sh", "-c", "exit 0")).start();
        Path ready = dir.resolve("ready");
        Process stubborn = new ProcessBuilder(List.of("sh", "-c", "trap '' TERM; touch " + ready + "; sleep 600"))
                .start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ready));
        stubborn.destroy();

        assertThat(ChildProcesses.awaitExit(quick, Duration.ofSeconds(30))).isTrue();
        assertThat(ChildProcesses.awaitExit(stubborn, Duration.ofMillis(500))).isFalse();
        assertThat(stubborn.isAlive()).isFalse();
    }
}
