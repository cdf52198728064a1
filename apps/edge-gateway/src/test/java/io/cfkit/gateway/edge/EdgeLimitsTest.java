package io.cfkit.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EdgeLimitsTest {

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
