package io.cfkit.cfdeploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanaryAnalysisTest {

    private final CanaryAnalysis analysis = new CanaryAnalysis(0.01, 1.5, 50);

    @Test
    void aHealthyCanaryPasses() {
        var verdict = analysis.judge(new FleetVersionStats("blue", 900, 30, 0, 5, 9, 12),
                new FleetVersionStats("green", 100, 3, 0, 5, 10, 14));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.figures()).contains("canary green: 100 requests, error rate 0.0 %, p99 14 ms");
    }

    @Test
    void anErrorRateAboveTheLimitFails() {
        var verdict = analysis.judge(new FleetVersionStats("blue", 900, 30, 0, 5, 9, 12),
                new FleetVersionStats("green", 100, 3, 20, 5, 10, 14));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.figures()).contains("error rate 20.0 %").endsWith("error rate above 1.0 %");
    }

    @Test
    void aSlowCanaryFailsOnTheP99Ratio() {
        var verdict = analysis.judge(new FleetVersionStats("blue", 900, 30, 0, 5, 9, 20),
                new FleetVersionStats("green", 100, 3, 0, 5, 10, 80));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.figures()).endsWith("p99 4.00× the stable one's, above 1.50× and 60 ms more");
    }

    @Test
    void aP99WithinTheToleranceOfTheStableOnePassesWhateverTheRatio() {
        // as seen on a green whose JVM was a minute old: 45 ms against 11 ms
        var coldButFast = analysis.judge(new FleetVersionStats("blue", 300, 30, 0, 5, 9, 11),
                new FleetVersionStats("green", 100, 3, 0, 5, 10, 45));
        var justAbove = analysis.judge(new FleetVersionStats("blue", 300, 30, 0, 5, 9, 11),
                new FleetVersionStats("green", 100, 3, 0, 5, 10, 62));

        assertThat(coldButFast.passed()).isTrue();
        assertThat(justAbove.passed()).isFalse();
    }

    @Test
    void theP99RatioIsJudgedOnlyWithEnoughRequestsOnEachSide() {
        // a new JVM's first requests: slow, and too few for a p99
        var coldCanary = analysis.judge(new FleetVersionStats("blue", 900, 30, 0, 5, 9, 10),
                new FleetVersionStats("green", CanaryAnalysis.ENOUGH_FOR_P99 - 1, 3, 0, 5, 200, 400));
        var quietStable = analysis.judge(new FleetVersionStats("blue", CanaryAnalysis.ENOUGH_FOR_P99 - 1, 30, 0, 5, 9,
                10), new FleetVersionStats("green", 900, 3, 0, 5, 200, 400));
        var enough = analysis.judge(new FleetVersionStats("blue", CanaryAnalysis.ENOUGH_FOR_P99, 30, 0, 5, 9, 10),
                new FleetVersionStats("green", CanaryAnalysis.ENOUGH_FOR_P99, 3, 0, 5, 200, 400));

        assertThat(coldCanary.passed()).isTrue();
        assertThat(coldCanary.figures()).endsWith("(p99 not judged: under 50 requests on a side in the window)");
        assertThat(quietStable.passed()).isTrue();
        assertThat(quietStable.figures()).contains("p99 not judged");
        assertThat(enough.passed()).isFalse();
        assertThat(enough.figures()).contains("p99 40.00× the stable one's");
    }

    @Test
    void errorsFailACanaryEvenWithFewRequests() {
        var verdict = analysis.judge(new FleetVersionStats("blue", 900, 30, 0, 5, 9, 10),
                new FleetVersionStats("green", 10, 3, 5, 5, 10, 14));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.figures()).endsWith("error rate above 1.0 %");
    }

    @Test
    void aCanaryWithoutRequestsFailsOnlyWhenTheStableVersionHadTraffic() {
        assertThat(analysis.judge(new FleetVersionStats("blue", 500, 10, 0, 1, 1, 1), FleetVersionStats.none("green"))
                .passed()).isFalse();
        assertThat(analysis.judge(FleetVersionStats.none("blue"), FleetVersionStats.none("green")).passed()).isTrue();
    }
}
