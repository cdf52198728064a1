package io.cfkit.cfdeploy.traffic;

import io.cfkit.traffic.MetricsReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * The gateways under --dry-run: asked for their metrics (a read), never asked to load a configuration; nothing was
 * committed for them to apply, and no new version runs for them to reach.
 */
public final class DryRunGateways implements TrafficGateways {

    private final TrafficGateways gateways;
    private final PrintWriter out;

    public DryRunGateways(TrafficGateways gateways, PrintWriter out) {
        this.gateways = gateways;
        this.out = out;
    }

    @Override
    public void converge(String commit, Commits commits, Duration timeout, PrintWriter out) {
        this.out.println("would make every gateway apply it");
        this.out.flush();
    }

    @Override
    public void awaitVersionReachable(String service, String version, Duration timeout) {
        out.println("would wait until every gateway reaches " + version + " of " + service);
        out.flush();
    }

    @Override
    public List<MetricsReport> metrics() {
        return gateways.metrics();
    }
}
