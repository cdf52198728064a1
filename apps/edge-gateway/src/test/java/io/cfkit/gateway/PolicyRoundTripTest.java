package io.cfkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.gateway.support.Backend;
import io.cfkit.gateway.support.ConfigServerStub;
import io.cfkit.gateway.support.EurekaStub;
import io.cfkit.gateway.support.GatewayUnderTest;
import io.cfkit.traffic.AdminJson;
import io.cfkit.traffic.MetricsReport;
import io.cfkit.traffic.PolicyFile;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.TrafficReport;
import io.cfkit.traffic.VersionStats;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The traffic contract both ways through a real gateway: the policy file as cf-deploy writes it ({@link PolicyFile},
 * which its PolicyRepository commits), served flattened as the config server serves it, applied by the gateway, and
 * its {@code /admin/traffic} and {@code /admin/metrics} answers read back as cf-deploy reads them ({@link AdminJson}).
 */
@Timeout(60)
class PolicyRoundTripTest {

    private static final String SERVICE = "roundtrip-service";
    private static final String COMMIT = "1234567890abcdef1234567890abcdef12345678";

    /** As an operator may have written the file: the global keys the gateway README documents, set by hand. */
    private static final String WRITTEN_BY_HAND = """
            traffic:
              sticky-header: X-Account
              metrics:
                window-seconds: 45
            """;

    private final GatewayUnderTest gateway = new GatewayUnderTest();

    @AfterEach
    void stopEverything() {
        gateway.close();
    }

    @Test
    void whatCfDeployWritesTheGatewayAppliesAndReportsInTermsCfDeployReads() throws Exception {
        RoutePolicy written = RoutePolicy.stableOnly(SERVICE, "blue").withCanary("green", 50);
        String file = PolicyFile.parse(WRITTEN_BY_HAND).with(written).render("# by the test\n");

        ConfigServerStub config = gateway.track(ConfigServerStub.start(
                "edge-gateway", GatewayUnderTest.CONFIG_USERNAME, GatewayUnderTest.CONFIG_PASSWORD));
        EurekaStub eureka = gateway.track(EurekaStub.start("eureka", "eureka-pw"));
        for (String version : new String[] {"blue", "green"}) {
            Backend backend = gateway.track(Backend.start("rt-" + version));
            eureka.register(SERVICE, SERVICE + ":" + backend.name(), backend.port(), Map.of("version", version));
        }
        config.put("zuul.routes.roundtrip.path", "/rt/**").put("zuul.routes.roundtrip.service-id", SERVICE);
        PolicyFile.parse(file).properties().forEach(config::putTraffic);
        config.version(COMMIT);
        gateway.start(config.url(), eureka.url(), "eureka", "eureka-pw");

        for (int i = 0; i < 20; i++) {
            assertThat(gateway.get("/rt/x").statusCode()).isEqualTo(200);
        }

        HttpResponse<String> trafficAnswer = gateway.adminGet(TrafficReport.PATH);
        assertThat(trafficAnswer.statusCode()).isEqualTo(200);
        TrafficReport traffic = AdminJson.read(trafficAnswer.body(), TrafficReport.class);
        assertThat(traffic.instance()).isEqualTo("edge-gateway:" + gateway.port());
        assertThat(traffic.configVersion()).isEqualTo(COMMIT);
        assertThat(traffic.route(SERVICE).policy(SERVICE)).isEqualTo(written);
        assertThat(traffic.route(SERVICE).up("blue")).isEqualTo(1);
        assertThat(traffic.route(SERVICE).up("green")).isEqualTo(1);
        assertThat(traffic.route(SERVICE).withoutInstances()).isEmpty();

        HttpResponse<String> metricsAnswer = gateway.adminGet(MetricsReport.PATH);
        assertThat(metricsAnswer.statusCode()).isEqualTo(200);
        MetricsReport metrics = AdminJson.read(metricsAnswer.body(), MetricsReport.class);
        assertThat(metrics.instance()).isEqualTo(traffic.instance());
        assertThat(metrics.windowSeconds()).as("the global key kept in the file").isEqualTo(45);
        Map<String, VersionStats> versions = metrics.route(SERVICE);
        assertThat(versions).containsOnlyKeys("blue", "green");
        assertThat(versions.get("blue").requests() + versions.get("green").requests()).isEqualTo(20);
        // Weight 50 with smooth weighted round robin: exactly every other unpinned request.
        assertThat(versions.get("green").requests()).isEqualTo(10);
        assertThat(versions.get("green").errors()).isZero();
    }
}
