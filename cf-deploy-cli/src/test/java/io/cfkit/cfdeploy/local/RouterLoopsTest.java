package io.cfkit.cfdeploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouterLoopsTest {

    @Test
    void leavesHalfTheCoresToTheInstancesBehindTheRouter() {
        assertThat(RouterLoops.loopCount(1)).isEqualTo(1);
        assertThat(RouterLoops.loopCount(2)).isEqualTo(1);
        assertThat(RouterLoops.loopCount(3)).isEqualTo(1);
        assertThat(RouterLoops.loopCount(8)).isEqualTo(4);
    }
}
