package io.cfkit.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.config.ConfigurationManager;
import java.util.List;
import org.apache.commons.configuration.AbstractConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EdgeLimitsTest {

    private static final List<String> KEYS = List.of(
            EdgeLimits.MAX_BODY_SIZE, "zuul.routes.up.max-body-size", "zuul.routes.bad.max-body-size",
            EdgeLimits.MAX_CONCURRENT_REQUESTS, "zuul.routes.up.max-concurrent-requests");

    private final AbstractConfiguration archaius = ConfigurationManager.getConfigInstance();
    private final EdgeLimits limits = new EdgeLimits();

    @AfterEach
    void clearArchaius() {
        KEYS.forEach(archaius::clearProperty);
    }

    @Test
    void defaultsApplyWithNothingConfigured() {
        assertThat(limits.maxBodySize("up")).isEqualTo(10L * 1024 * 1024);
        assertThat(limits.maxConcurrentRequests()).isEqualTo(1000);
        assertThat(limits.maxConcurrentRequests("up")).as("no limit of its own").isZero();
        assertThat(limits.maxHeaderSize()).isEqualTo(16384);
    }

    @Test
    void aRouteOverridesTheGatewayAndChangesApplyAtOnce() {
        archaius.setProperty(EdgeLimits.MAX_BODY_SIZE, "2MB");
        archaius.setProperty("zuul.routes.up.max-body-size", "50MB");
        archaius.setProperty("zuul.routes.up.max-concurrent-requests", "7");

        assertThat(limits.maxBodySize("up")).isEqualTo(50L * 1024 * 1024);
        assertThat(limits.maxBodySize("other")).isEqualTo(2L * 1024 * 1024);
        assertThat(limits.maxBodySize(null)).isEqualTo(2L * 1024 * 1024);
        assertThat(limits.maxConcurrentRequests("up")).isEqualTo(7);

        archaius.setProperty("zuul.routes.up.max-body-size", "1KB");
        archaius.setProperty("zuul.routes.up.max-concurrent-requests", "9");
        assertThat(limits.maxBodySize("up")).isEqualTo(1024);
        assertThat(limits.maxConcurrentRequests("up")).isEqualTo(9);

        archaius.clearProperty("zuul.routes.up.max-body-size");
        archaius.clearProperty("zuul.routes.up.max-concurrent-requests");
        assertThat(limits.maxBodySize("up")).as("the gateway's again").isEqualTo(2L * 1024 * 1024);
        assertThat(limits.maxConcurrentRequests("up")).isZero();
    }

    @Test
    void anUnreadableValueFallsBack() {
        archaius.setProperty(EdgeLimits.MAX_BODY_SIZE, "1MB");
        archaius.setProperty("zuul.routes.bad.max-body-size", "lots");
        archaius.setProperty(EdgeLimits.MAX_CONCURRENT_REQUESTS, "-5");

        assertThat(limits.maxBodySize("bad")).as("the gateway's limit").isEqualTo(1024 * 1024);
        assertThat(limits.maxConcurrentRequests()).as("the default").isEqualTo(1000);
    }

    @Test
    void sizesAreBytesOrBinaryUnits() {
        assertThat(EdgeLimits.parseSize("10485760")).isEqualTo(10_485_760L);
        assertThat(EdgeLimits.parseSize("512B")).isEqualTo(512L);
        assertThat(EdgeLimits.parseSize("1KB")).isEqualTo(1024L);
        assertThat(EdgeLimits.parseSize(" 10mb ")).isEqualTo(10L * 1024 * 1024);
        assertThat(EdgeLimits.parseSize("2GB")).isEqualTo(2L * 1024 * 1024 * 1024);
    }

    @Test
    void anythingElseIsNoSize() {
        assertThat(EdgeLimits.parseSize("ten")).isNull();
        assertThat(EdgeLimits.parseSize("-1")).isNull();
        assertThat(EdgeLimits.parseSize("10 TB")).isNull();
        assertThat(EdgeLimits.parseSize("MB")).isNull();
        assertThat(EdgeLimits.parseSize("99999999999GB")).isNull();
    }
}
