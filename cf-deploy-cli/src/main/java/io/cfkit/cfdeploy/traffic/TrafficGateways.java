package io.cfkit.cfdeploy.traffic;

import io.cfkit.traffic.MetricsReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** What a rollout asks of the running gateways: apply a policy commit, reach a version, report metrics. */
public interface TrafficGateways {

    /** Tells whether a commit a gateway reports contains ours (is ours or built on it). */
    @FunctionalInterface
    interface Commits {
        boolean contains(String reported, String ours);
    }

    /**
     * Makes every gateway load the configuration now and waits until each reports {@code commit} or a later commit
     * that contains it, saying so on {@code out}; or throws a UserError naming the gateways that did not.
     */
    void converge(String commit, Commits commits, Duration timeout, PrintWriter out);

    /** Waits until every gateway reaches an instance of the version, or throws a UserError naming the one that does not. */
    void awaitVersionReachable(String service, String version, Duration timeout);

    /** Every gateway's metrics report. */
    List<MetricsReport> metrics();
}
