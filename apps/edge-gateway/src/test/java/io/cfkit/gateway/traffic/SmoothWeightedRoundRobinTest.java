package io.cfkit.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

    private static List<String> picks(int canaryWeight, int count) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("blue", 100 - canaryWeight);
        weights.put("green", canaryWeight);
        SmoothWeightedRoundRobin<String> rotation = new SmoothWeightedRoundRobin<>(weights);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picks.add(rotation.next());
        }
        return picks;
    }

    @Test
    void everyHundredPicksHoldExactlyTheWeightForEveryWeight() {
        for (int weight = 0; weight <= 100; weight++) {
            List<String> picks = picks(weight, 2_000);
            for (int start = 0; start + 100 <= picks.size(); start += 37) {
                long green = picks.subList(start, start + 100).stream().filter("green"::equals).count();
                assertThat(green).as("weight %d, picks %d..%d", weight, start, start + 99).isEqualTo(weight);
            }
        }
    }

    @Test
    void anyThousandConsecutivePicksOfATenPercentCanaryHoldAHundred() {
        List<String> picks = picks(10, 5_000);
        for (int start = 0; start + 1_000 <= picks.size(); start++) {
            long green = picks.subList(start, start + 1_000).stream().filter("green"::equals).count();
            assertThat(green).isEqualTo(100);
        }
    }

    @Test
    void anyWindowIsWithinOnePickOfItsShare() {
        for (int weight : new int[] {1, 5, 10, 25, 33, 50, 67, 90, 99}) {
            List<String> picks = picks(weight, 1_000);
            for (int length : new int[] {7, 10, 13, 50, 99}) {
                for (int start = 0; start + length <= picks.size(); start++) {
                    long green = picks.subList(start, start + length).stream().filter("green"::equals).count();
                    assertThat(Math.abs(green - length * weight / 100.0))
                            .as("weight %d, %d picks from %d", weight, length, start)
                            .isLessThan(1.0 + 1e-9);
                }
            }
        }
    }

    @Test
    void tenPercentIsSpreadOut() {
        List<String> picks = picks(10, 100);
        for (int i = 0; i < picks.size(); i++) {
            if (picks.get(i).equals("green")) {
                assertThat(picks.subList(i + 1, Math.min(i + 10, picks.size()))).doesNotContain("green");
            }
        }
        assertThat(picks(50, 6)).containsExactly("blue", "green", "blue", "green", "blue", "green");
    }

    @Test
    void zeroWeightIsNeverPickedAndNoWeightAtAllIsRefused() {
        assertThat(picks(0, 500)).containsOnly("blue");
        assertThat(picks(100, 500)).containsOnly("green");
        assertThatThrownBy(() -> new SmoothWeightedRoundRobin<>(Map.of("a", 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
