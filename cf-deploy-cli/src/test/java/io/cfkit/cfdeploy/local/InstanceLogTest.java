package io.cfkit.cfdeploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instance's log as the platform keeps it: a real process's output, capped and rotated, read back. */
class InstanceLogTest {

    private static final long CAP = 64 * 1024;

    @TempDir
    Path logs;

    private Process process;
    private Thread follower;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
        if (follower != null) {
            follower.interrupt();
            follower.join(5_000);
        }
    }

    @Test
    void aChattyInstanceKeepsTwoCappedFilesOfWholeLines() throws Exception {
        Path log = logs.resolve("0.log");

        copyOutputOf("seq 1 200000", log, CAP); // about 1.3 MB: many rotations

        try (Stream<Path> files = Files.list(logs)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("0.log", "0.log.1");
        }
        assertThat(Files.size(log)).isLessThanOrEqualTo(CAP);
        assertThat(Files.size(LogFiles.rotated(log))).isBetween(CAP / 2, CAP + 8192);
        List<String> rotated = Files.readAllLines(LogFiles.rotated(log));
        List<String> current = Files.readAllLines(log);
        assertThat(current).last().isEqualTo("200000");
        // whole lines, none lost between the two files: the numbers run on without a gap
        int first = Integer.parseInt(rotated.get(0));
        assertThat(Stream.concat(rotated.stream(), current.stream()).toList())
                .isEqualTo(IntStream.rangeClosed(first, 200000).mapToObj(Integer::toString).toList());
    }

    @Test
    void recentReachesIntoTheRotatedFileWhenTheCurrentOneHasTooFewLines() throws Exception {
        Path log = logs.resolve("0.log");
        copyOutputOf("seq 1 200000", log, CAP);
        int inCurrent = Files.readAllLines(log).size();

        List<String> recent = LogFiles.recent(logs, "web", inCurrent + 100);

        assertThat(recent).hasSize(inCurrent + 100);
        int first = 200000 - inCurrent - 100 + 1;
        assertThat(recent).isEqualTo(IntStream.rangeClosed(first, 200000).mapToObj(i -> "[web/0] " + i).toList());
    }

    @Test
    void followPrintsEveryLineOnceAcrossRotations() throws Exception {
        Path log = logs.resolve("0.log");
        StringWriter printed = new StringWriter();
        follower = new Thread(() -> {
            try {
                LogFiles.follow(logs, "web", new PrintWriter(printed, true));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        follower.start();

        // 1,000 lines every 0.4 s, 16 KiB cap: a rotation between most of the follower's looks
        copyOutputOf("for i in $(seq 0 9); do seq $((i * 1000 + 1)) $((i * 1000 + 1000)); sleep 0.4; done", log,
                16 * 1024);

        List<String> expected = IntStream.rangeClosed(1, 10000).mapToObj(i -> "[web/0] " + i).toList();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(printed.toString().lines().toList()).isEqualTo(expected));
        assertThat(Files.exists(LogFiles.rotated(log))).isTrue();
    }

    /** Runs a shell command the way the supervisor runs an instance, and copies its output until it exits. */
    private void copyOutputOf(String command, Path log, long cap) throws IOException, InterruptedException {
        process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        Thread writer = new Thread(new InstanceLogWriter(process.getInputStream(), log, cap));
        writer.start();
        writer.join(30_000);
        assertThat(writer.isAlive()).as("the writer copied everything and stopped").isFalse();
        assertThat(process.waitFor()).isZero();
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).isNotEmpty();
    }
}
