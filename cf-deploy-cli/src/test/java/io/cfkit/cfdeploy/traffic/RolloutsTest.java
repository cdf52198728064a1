package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.traffic.RoutePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutsTest {

    @Test
    void stepsMustGoUpWithinZeroToHundred() {
        assertThatCode(() -> Rollouts.checkSteps(List.of(10, 25, 50, 100))).doesNotThrowAnyException();
        assertThatThrownBy(() -> Rollouts.checkSteps(List.of(10, 50, 25)))
                .hasMessage("steps must go up: 50 then 25");
        assertThatThrownBy(() -> Rollouts.checkSteps(List.of(10, 150)))
                .hasMessage("weight 150 is outside 0-100: give the canary's percent of traffic");
        assertThatThrownBy(() -> Rollouts.checkSteps(List.of()))
                .hasMessage("no steps: give them like --steps 10,25,50,100");
    }

    @Test
    void aWeightWithoutACanaryIsNoPolicy() {
        assertThatThrownBy(() -> new RoutePolicy("hello", "blue", null, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rollouts.checkWeight(-1))
                .hasMessage("weight -1 is outside 0-100: give the canary's percent of traffic");
    }
}
