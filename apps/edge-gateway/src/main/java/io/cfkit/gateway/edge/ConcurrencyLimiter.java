package io.cfkit.gateway.edge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in flight, on the gateway and per route. A request is admitted only while both are under their limits, so
 * an overloaded gateway answers at once instead of queueing without bound; admission is never waited for.
 */
public final class ConcurrencyLimiter {

    /** The limit a refused request met. */
    public enum Limit {
        GATEWAY,
        ROUTE
    }

    /** An admitted request's place; released exactly once, however often {@link #release} is called. */
    public final class Admission {
        private final AtomicInteger route;
        private final AtomicBoolean released = new AtomicBoolean();

        private Admission(AtomicInteger route) {
            this.route = route;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                route.decrementAndGet();
                inFlight.decrementAndGet();
            }
        }
    }

    /** The outcome of {@link #tryAcquire}: an admission, or the limit that refused it. */
    public record Result(Admission admission, Limit exceeded) {}

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightByRoute = new ConcurrentHashMap<>();

    /**
     * @param gatewayLimit requests in flight allowed on this gateway
     * @param routeLimit requests in flight allowed on the route; 0 for no limit of its own
     */
    public Result tryAcquire(String route, int gatewayLimit, int routeLimit) {
        if (inFlight.incrementAndGet() > gatewayLimit) {
            inFlight.decrementAndGet();
            return new Result(null, Limit.GATEWAY);
        }
        AtomicInteger onRoute = inFlightByRoute.computeIfAbsent(route, r -> new AtomicInteger());
        if (onRoute.incrementAndGet() > routeLimit && routeLimit > 0) {
            onRoute.decrementAndGet();
            inFlight.decrementAndGet();
            return new Result(null, Limit.ROUTE);
        }
        return new Result(new Admission(onRoute), null);
    }

    public int inFlight() {
        return inFlight.get();
    }
}
