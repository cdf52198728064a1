package io.cfkit.gateway.routing;

import com.netflix.loadbalancer.LoadBalancerStats;
import com.netflix.loadbalancer.Server;
import com.netflix.loadbalancer.ServerStats;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Ribbon's statistics of a client's servers (their circuits, which the rule reads to skip an instance whose
 * connections failed), held in a plain map between visits to ribbon's own cache. Ribbon keeps them in a Guava cache
 * that expires a server's entry 30 minutes after its last read, so every read records itself in the cache's recency
 * queue: two or three reads per request (the rule's availability check, Zuul's {@code DiscoveryResult}), about 4 % of
 * the gateway's Java CPU under load (docs/performance.md, attempt 21). Here a server's entry is read through ribbon's
 * cache once every {@link #REVISIT} only, which keeps it there and the same object ribbon hands out; an entry ribbon
 * let go (its server left the list half an hour ago) is dropped at the next sweep.
 */
public class HeldServerStats extends LoadBalancerStats {

    static final long REVISIT = TimeUnit.SECONDS.toNanos(30);

    private final Map<Server, Held> held = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private volatile long nextSweep;

    /** Made by ribbon from {@code <client>.ribbon.NFLoadBalancerStatsClassName} (see RibbonDefaults). */
    public HeldServerStats() {
        this(System::nanoTime);
    }

    HeldServerStats(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.nextSweep = nanoTime.getAsLong() + REVISIT;
    }

    @Override
    protected ServerStats getServerStats(Server server) {
        if (server == null) {
            return null;
        }
        long now = nanoTime.getAsLong();
        Held entry = held.get(server);
        if (entry != null && now - entry.visited < REVISIT) {
            return entry.stats;
        }
        ServerStats stats = super.getServerStats(server);
        held.put(server, new Held(stats, now));
        if (now - nextSweep >= 0) {
            sweep(now);
        }
        return stats;
    }

    /** Drops what ribbon's cache no longer has: iterating the cache does not count as reading it. */
    private void sweep(long now) {
        nextSweep = now + REVISIT;
        Set<ServerStats> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(getServerStats().values());
        held.values().removeIf(entry -> !kept.contains(entry.stats));
    }

    int heldCount() {
        return held.size();
    }

    private record Held(ServerStats stats, long visited) {}
}
