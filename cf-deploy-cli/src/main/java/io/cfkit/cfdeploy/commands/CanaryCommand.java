package io.cfkit.cfdeploy.commands;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.traffic.CanaryAnalysis;
import io.cfkit.cfdeploy.traffic.Rollouts;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "canary", description = "Shifts a share of an app's traffic to its new version: one step with"
        + " --weight, or a plan with --steps, pauses and analysis that rolls back on its own.")
public final class CanaryCommand implements Callable<Integer> {

    @Mixin
    KitOptions kit;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Shift shift;

    static final class Shift {
        @Option(names = "--weight", paramLabel = "PERCENT", description = "The canary's share of traffic, 0-100.")
        Integer weight;

        @Option(names = "--steps", split = ",", paramLabel = "P1,P2,...", description = "Ascending weights, e.g. 10,25,50,100.")
        List<Integer> steps;
    }

    @Option(names = "--interval", defaultValue = "60s", paramLabel = "DURATION",
            description = "Pause between steps before the analysis, like 30s or 2m (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--max-error-rate", defaultValue = "1%", paramLabel = "PERCENT",
            description = "Highest canary error rate that passes (default: ${DEFAULT-VALUE}).")
    String maxErrorRate;

    @Option(names = "--max-p99-ratio", defaultValue = "1.5", paramLabel = "RATIO",
            description = "Highest canary p99 / stable p99 that passes (default: ${DEFAULT-VALUE}).")
    double maxP99Ratio;

    @Option(names = "--p99-tolerance", defaultValue = "50ms", paramLabel = "DURATION",
            description = "A canary p99 at most this much above the stable one's passes whatever the ratio, like 20ms"
                    + " (default: ${DEFAULT-VALUE}): a new JVM's first minute is a few ms slower.")
    String p99Tolerance;

    @Option(names = "--manual", description = "Pause after each step until cf-deploy resume APP.")
    boolean manual;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
    String reason;

    @Mixin
    DryRunOption dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Rollouts rollouts = kit.rollouts(out, null, dryRun.dryRun);
        if (shift.weight != null) {
            rollouts.setWeight(app, shift.weight, reason);
        } else {
            rollouts.runPlan(app, shift.steps, duration(interval),
                    new CanaryAnalysis(percent(maxErrorRate), maxP99Ratio, duration(p99Tolerance).toMillis()), manual);
        }
        dryRun.printDone(out);
        return 0;
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("'" + text + "' is not a duration: write it like 30s, 2m or 50ms");
    }

    static double percent(String text) {
        String t = text.trim();
        try {
            double value = Double.parseDouble(t.endsWith("%") ? t.substring(0, t.length() - 1) : t);
            if (value < 0 || value > 100) {
                throw new NumberFormatException();
            }
            return value / 100;
        } catch (NumberFormatException e) {
            throw new UserError("'" + text + "' is not a percentage: write it like 1% or 0.5%");
        }
    }
}
