package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.traffic.Rollout.Version;
import org.junit.jupiter.api.Test;

class RolloutTest {

    private static final Version BLUE = new Version("blue", "hello", 2);
    private static final Version GREEN = new Version("green", "hello-green", 2);

    @Test
    void promoteMakesTheCanaryStableAndKeepsTheOldVersionForRollback() {
        Rollout promoted = new Rollout("hello", BLUE, null, null, null).withCanary(GREEN).promoted();

        assertThat(promoted.stable()).isEqualTo(GREEN);
        assertThat(promoted.previous()).isEqualTo(BLUE);
        assertThat(promoted.hasCanary()).isFalse();
    }

    @Test
    void aRollbackAfterPromoteLeavesNothingToRollBackTo() {
        Rollout back = new Rollout("hello", BLUE, null, null, null).withCanary(GREEN).promoted().rolledBackToPrevious();

        assertThat(back.stable()).isEqualTo(BLUE);
        assertThat(back.previous()).isNull();
    }

    @Test
    void abandoningACanaryKeepsTheStableVersionAndWhatCameBefore() {
        Rollout rollout = new Rollout("hello", GREEN, null, BLUE, null).withCanary(new Version("red", "hello-red", 1))
                .canaryAbandoned();

        assertThat(rollout.stable()).isEqualTo(GREEN);
        assertThat(rollout.previous()).isEqualTo(BLUE);
        assertThat(rollout.hasCanary()).isFalse();
    }
}
