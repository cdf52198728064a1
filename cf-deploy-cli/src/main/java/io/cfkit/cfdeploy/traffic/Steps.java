package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.UserError;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The steps of one rollout command done so far, each with its undo. When a step fails, its own undo and those of the
 * steps before it run, the last first, so the command ends where it started. A step's undo runs after its step failed
 * too, because a step may fail half-way (some instances started): each undo puts back whatever of its step is there,
 * and does nothing when nothing is.
 *
 * <p>Synchronized because a shutdown hook (Ctrl-C during a step plan) may undo while the command's thread is in a
 * step: the hook waits for that step, undoes, and every later step is refused.
 */
final class Steps {

    /** Puts back what a step did; {@code cause} is why, for the messages it writes. */
    @FunctionalInterface
    interface Undo {
        void undo(Exception cause);
    }

    /** A step that can fail with a checked exception (an interrupted wait). */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    static final Undo NOTHING_TO_UNDO = cause -> {
    };

    private final Deque<Undo> done = new ArrayDeque<>();
    private final PrintWriter out;
    private boolean undone;

    Steps(PrintWriter out) {
        this.out = out;
    }

    /**
     * Runs the step and remembers its undo; if the step fails, undoes it and the steps before it, and rethrows. A step
     * after {@link #undoAll} is refused.
     */
    synchronized void run(Step step, Undo undo) throws Exception {
        if (undone) {
            throw new UserError("the command was stopped and what it did is undone: no step runs after that");
        }
        done.push(undo);
        try {
            step.run();
        } catch (Exception e) {
            undoAll(e);
            throw e;
        }
    }

    /** The command's outcome stands: nothing done so far is undone after this, by a later failure or the hook. */
    synchronized void keep() {
        done.clear();
    }

    /**
     * Runs the undos of the steps done, the last step's first. An undo that fails is reported and the others still
     * run: each puts back what it can.
     */
    synchronized void undoAll(Exception cause) {
        undone = true;
        while (!done.isEmpty()) {
            try {
                done.pop().undo(cause);
            } catch (RuntimeException e) {
                out.println("cf-deploy: could not undo a step: " + e.getMessage());
                out.flush();
                cause.addSuppressed(e);
            }
        }
    }
}
