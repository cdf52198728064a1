package io.cfkit.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoutePolicyTest {

    @Test
    void aCanaryTakesItsWeightAndTheStableTheRest() {
        RoutePolicy policy = RoutePolicy.stableOnly("hello", "blue").withCanary("green", 10);

        assertThat(policy.describe()).isEqualTo("blue 90 %, green 10 %");
        assertThat(policy.versions()).containsExactly("blue", "green");
        assertThat(policy.other("blue")).isEqualTo("green");
        assertThat(policy.names("green")).isTrue();
        assertThat(policy.names("red")).isFalse();
        assertThat(policy.withWeight(100).describe()).isEqualTo("blue 0 %, green 100 %");
        assertThat(RoutePolicy.stableOnly("hello", "blue").describe()).isEqualTo("blue 100 %");
        assertThat(RoutePolicy.stableOnly("hello", "blue").other("blue")).isNull();
    }

    @Test
    void rulesAreCheckedWhereThePolicyIsMade() {
        RoutePolicy stable = RoutePolicy.stableOnly("hello", "blue");

        assertThatThrownBy(() -> stable.withCanary("green", 101)).hasMessageContaining("weight 101 is outside 0-100");
        assertThatThrownBy(() -> stable.withCanary("green", -1)).hasMessageContaining("weight -1");
        assertThatThrownBy(() -> stable.withWeight(5)).hasMessageContaining("without a canary");
        assertThatThrownBy(() -> stable.withCanary("blue", 5)).hasMessageContaining("both stable and canary");
        assertThatThrownBy(() -> RoutePolicy.stableOnly("hello", " ")).hasMessageContaining("needs a stable");
        assertThat(RoutePolicy.isWeight(0)).isTrue();
        assertThat(RoutePolicy.isWeight(100)).isTrue();
        assertThat(RoutePolicy.isWeight(101)).isFalse();
    }
}
