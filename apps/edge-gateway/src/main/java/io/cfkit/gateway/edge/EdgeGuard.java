package io.cfkit.gateway.edge;

import java.util.SortedMap;

/** What the edge's filters and connection handlers share: the limits, the requests in flight, the refusal counts. */
public record EdgeGuard(EdgeLimits limits, ConcurrencyLimiter concurrency, EdgeCounters counters) {

    public static EdgeGuard create() {
        return new EdgeGuard(new EdgeLimits(), new ConcurrencyLimiter(), new EdgeCounters());
    }

    /** For {@code /admin/metrics}. */
    public SortedMap<String, Object> snapshot() {
        return counters.snapshot(concurrency.inFlight());
    }
}
