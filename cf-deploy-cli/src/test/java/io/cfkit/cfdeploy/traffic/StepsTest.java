package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepsTest {

    private final StringWriter output = new StringWriter();
    private final Steps steps = new Steps(new PrintWriter(output, true));
    private final List<String> log = new ArrayList<>();

    @Test
    void aFailedStepUndoesItselfAndTheStepsBeforeItLastFirst() throws Exception {
        steps.run(() -> log.add("one"), cause -> log.add("undo one: " + cause.getMessage()));
        steps.run(() -> log.add("two"), cause -> log.add("undo two: " + cause.getMessage()));

        assertThatThrownBy(() -> steps.run(() -> {
            throw new UserError("three failed");
        }, cause -> log.add("undo three"))).hasMessage("three failed");

        assertThat(log).containsExactly("one", "two", "undo three", "undo two: three failed",
                "undo one: three failed");
    }

    @Test
    void anUndoThatFailsIsReportedAndTheOthersStillRun() throws Exception {
        steps.run(() -> log.add("one"), cause -> log.add("undo one"));
        steps.run(() -> log.add("two"), cause -> {
            throw new UserError("the gateway is gone");
        });

        UserError failure = new UserError("interrupted");
        steps.undoAll(failure);

        assertThat(log).containsExactly("one", "two", "undo one");
        assertThat(output.toString()).contains("cf-deploy: could not undo a step: the gateway is gone");
        assertThat(failure.getSuppressed()).hasSize(1);
    }

    @Test
    void afterAnUndoFromAnotherThreadNoStepRuns() throws Exception {
        steps.run(() -> log.add("one"), cause -> log.add("undo one: " + cause.getMessage()));

        // as the shutdown hook does on Ctrl-C, while the command's thread goes on
        Thread hook = new Thread(() -> steps.undoAll(new UserError("interrupted")));
        hook.start();
        hook.join(5000);

        assertThatThrownBy(() -> steps.run(() -> log.add("two"), cause -> log.add("undo two")))
                .hasMessage("the command was stopped and what it did is undone: no step runs after that");
        assertThat(log).containsExactly("one", "undo one: interrupted");
    }

    @Test
    void whatIsKeptIsNotUndone() throws Exception {
        steps.run(() -> log.add("one"), cause -> log.add("undo one"));
        steps.keep();

        steps.undoAll(new UserError("interrupted"));

        assertThat(log).containsExactly("one");
    }
}
