package io.cfkit.gateway.edge;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests the edge refused since start, by reason, and the requests shed per route. Kept apart from the
 * traffic metrics on purpose: a refused request reached no backend, so it must not count against a version.
 */
public final class EdgeCounters {

    /** The reasons, as they appear in {@code /admin/metrics}. */
    public enum Reason {
        BAD_REQUEST("badRequest"),
        URI_TOO_LONG("uriTooLong"),
        HEADERS_TOO_LARGE("headersTooLarge"),
        BODY_TOO_LARGE("bodyTooLarge"),
        HEADER_TIMEOUT("headerTimeout"),
        SHED("shed");

        private final String key;

        Reason(String key) {
            this.key = key;
        }
    }

    private final Map<Reason, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> shedByRoute = new ConcurrentHashMap<>();

    public void refused(Reason reason) {
        refused.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public void shed(String route) {
        refused(Reason.SHED);
        shedByRoute.computeIfAbsent(route, r -> new LongAdder()).increment();
    }

    public long count(Reason reason) {
        LongAdder adder = refused.get(reason);
        return adder == null ? 0 : adder.sum();
    }

    /** {@code {"inFlight":3,"refused":{"badRequest":1,…,"shed":2},"shedByRoute":{"helloworld-service":2}}}. */
    public SortedMap<String, Object> snapshot(int inFlight) {
        SortedMap<String, Long> byReason = new TreeMap<>();
        for (Reason reason : Reason.values()) {
            byReason.put(reason.key, count(reason));
        }
        SortedMap<String, Long> byRoute = new TreeMap<>();
        shedByRoute.forEach((route, adder) -> byRoute.put(route, adder.sum()));
        SortedMap<String, Object> snapshot = new TreeMap<>();
        snapshot.put("inFlight", inFlight);
        snapshot.put("refused", byReason);
        snapshot.put("shedByRoute", byRoute);
        return snapshot;
    }
}
