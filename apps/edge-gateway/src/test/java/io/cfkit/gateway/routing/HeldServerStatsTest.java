package io.cfkit.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.client.config.DefaultClientConfigImpl;
import com.netflix.loadbalancer.Server;
import com.netflix.loadbalancer.ServerStats;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HeldServerStatsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HeldServerStats stats = new HeldServerStats(now::get);
    private final Server a = new Server("127.0.0.1", 8001);
    private final Server b = new Server("127.0.0.1", 8002);

    @BeforeEach
    void configure() {
        DefaultClientConfigImpl config = new DefaultClientConfigImpl();
        config.loadProperties("held-stats-test");
        stats.initWithNiwsConfig(config);
    }

    @Test
    void aServerHasOneStatsObjectWhichRibbonsOwnMapHoldsToo() {
        ServerStats first = stats.getSingleServerStat(a);

        now.addAndGet(HeldServerStats.REVISIT / 2);
        assertThat(stats.getSingleServerStat(a)).isSameAs(first);
        now.addAndGet(HeldServerStats.REVISIT);
        assertThat(stats.getSingleServerStat(a)).isSameAs(first);
        assertThat(stats.getServerStats().get(a)).isSameAs(first);
        assertThat(stats.getSingleServerStat(b)).isNotSameAs(first);
    }

    @Test
    void aConnectionFailureCountedThroughTheHeldObjectTripsTheCircuitRibbonReads() {
        stats.getSingleServerStat(a).incrementSuccessiveConnectionFailureCount();
        stats.getSingleServerStat(a).incrementSuccessiveConnectionFailureCount();
        // The third count after a revisit of ribbon's cache: the circuit must not start over there.
        now.addAndGet(HeldServerStats.REVISIT);
        stats.getSingleServerStat(a).incrementSuccessiveConnectionFailureCount();

        assertThat(stats.isCircuitBreakerTripped(a)).isTrue();
        assertThat(stats.isCircuitBreakerTripped(b)).isFalse();
    }

    @Test
    void aServerRibbonLetGoIsDroppedAtTheNextSweepAndComesBackAsRibbonsNewObject() {
        ServerStats old = stats.getSingleServerStat(a);
        stats.getSingleServerStat(b);
        // What ribbon's cache does half an hour after a server's last read through it.
        stats.getServerStats().remove(a);

        now.addAndGet(HeldServerStats.REVISIT);
        stats.getSingleServerStat(b);

        assertThat(stats.heldCount()).isEqualTo(1);
        ServerStats renewed = stats.getSingleServerStat(a);
        assertThat(renewed).isNotSameAs(old).isSameAs(stats.getServerStats().get(a));
    }

    @Test
    void nothingIsDroppedWhileRibbonKeepsIt() {
        stats.getSingleServerStat(a);
        stats.getSingleServerStat(b);

        now.addAndGet(3 * HeldServerStats.REVISIT);
        stats.getSingleServerStat(a);

        assertThat(stats.heldCount()).isEqualTo(2);
    }
}
