package io.cfkit.cfdeploy.commands;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** --dry-run, as every command that changes something on Cloud Foundry has it. */
public final class DryRunOption {

    @Option(names = "--dry-run", description = "With --target cf: print each API call that would change something"
            + " (and for a rollout each commit, state save and gateway refresh), make none.")
    boolean dryRun;

    /** The last line of a dry run: whatever the lines before it say was done, it was not. */
    void printDone(PrintWriter out) {
        if (dryRun) {
            out.println("Dry run: nothing was changed.");
            out.flush();
        }
    }
}
