package io.cfkit.cfdeploy.state;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondCommandIsToldWhoHoldsTheLock() {
        Path file = dir.resolve("lock");
        try (CommandLock held = CommandLock.acquire(file, "up", holder -> "busy: " + holder)) {
            assertThatThrownBy(() -> CommandLock.acquire(file, "scale x", holder -> "busy: " + holder))
                    .isInstanceOf(UserError.class)
                    .hasMessage("busy: pid " + ProcessHandle.current().pid() + ": cf-deploy up");
        }
    }

    @Test
    void aReleasedLockCanBeTakenAgain() {
        Path file = dir.resolve("lock");
        CommandLock.acquire(file, "up", holder -> "busy").close();

        CommandLock.acquire(file, "down", holder -> "busy").close();
    }
}
