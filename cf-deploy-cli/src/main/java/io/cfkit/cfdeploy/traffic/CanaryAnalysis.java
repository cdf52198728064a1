package io.cfkit.cfdeploy.traffic;

import java.util.Locale;

/**
 * Judges a canary against the stable version from the gateways' own metrics, as Kayenta does with a
 * metrics server: the canary fails if its error rate is above the limit, or its p99 latency is both more than
 * the allowed multiple of the stable version's and more than {@code p99ToleranceMillis} above it. The tolerance is
 * there because a ratio of small numbers is noise: a new JVM still compiling answers in 45 ms where a warm one
 * takes 11 ms, 4× and no user notices.
 */
public record CanaryAnalysis(double maxErrorRate, double maxP99Ratio, double p99ToleranceMillis) {

    /** Below this many stable requests in the window there is too little traffic to miss a silent canary. */
    private static final long ENOUGH_TRAFFIC = 20;
    /**
     * Below this many requests on either side in the window, the p99 is the few slowest requests (a new JVM's first
     * ones, still interpreted), not the version's latency: the ratio is not judged.
     */
    static final long ENOUGH_FOR_P99 = 50;

    public record Verdict(boolean passed, String figures) {
    }

    public Verdict judge(FleetVersionStats stable, FleetVersionStats canary) {
        String figures = String.format(Locale.ROOT,
                "canary %s: %d requests, error rate %.1f %%, p99 %.0f ms; stable %s: %d requests,"
                        + " error rate %.1f %%, p99 %.0f ms",
                canary.version(), canary.requests(), canary.errorRate() * 100, canary.p99(),
                stable.version(), stable.requests(), stable.errorRate() * 100, stable.p99());
        if (canary.requests() == 0) {
            return new Verdict(stable.requests() < ENOUGH_TRAFFIC, figures
                    + (stable.requests() < ENOUGH_TRAFFIC ? " (too little traffic to judge)"
                    : " — the canary got no requests"));
        }
        if (canary.errorRate() > maxErrorRate) {
            return new Verdict(false, figures + String.format(Locale.ROOT, " — error rate above %.1f %%",
                    maxErrorRate * 100));
        }
        if (canary.requests() < ENOUGH_FOR_P99 || stable.requests() < ENOUGH_FOR_P99) {
            return new Verdict(true, figures + " (p99 not judged: under " + ENOUGH_FOR_P99
                    + " requests on a side in the window)");
        }
        if (stable.p99() > 0 && canary.p99() / stable.p99() > maxP99Ratio
                && canary.p99() - stable.p99() > p99ToleranceMillis) {
            return new Verdict(false, figures + String.format(Locale.ROOT, " — p99 %.2f× the stable one's, above %.2f×"
                    + " and %.0f ms more", canary.p99() / stable.p99(), maxP99Ratio, canary.p99() - stable.p99()));
        }
        return new Verdict(true, figures);
    }
}
