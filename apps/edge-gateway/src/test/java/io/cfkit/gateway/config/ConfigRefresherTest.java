package io.cfkit.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.config.ConcurrentMapConfiguration;
import io.cfkit.gateway.StartupException;
import io.cfkit.gateway.routing.RouteRegistry;
import io.cfkit.gateway.support.ConfigServerStub;
import io.cfkit.traffic.RoutePolicy;
import io.cfkit.traffic.TrafficPolicy;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.configuration.event.ConfigurationEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigRefresherTest {

    private ConfigServerStub stub;
    private ConcurrentMapConfiguration archaius;
    private RouteRegistry routes;
    private ConfigRefresher refresher;
    private final List<String> events = new ArrayList<>();
    private final List<TrafficPolicy> policies = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        stub = ConfigServerStub.start("edge-gateway", "cfg", "pw");
        stub.put("zuul.routes.helloworld-service.path", "/hello/**")
                .put("helloworld-service.ribbon.ReadTimeout", "5000")
                .put("eureka.serviceUrl.default", "http://elsewhere/eureka/")
                .put("db.password", "hunter2");
        archaius = new ConcurrentMapConfiguration();
        archaius.addConfigurationListener(e -> {
            if (!e.isBeforeUpdate()) {
                events.add(kind(e) + " " + e.getPropertyName());
            }
        });
        routes = new RouteRegistry();
        refresher = new ConfigRefresher(
                new ConfigServerClient(URI.create(stub.url()), "edge-gateway", "cfg", "pw"),
                routes,
                policies::add,
                archaius,
                Map.of("server.outofservice.close.timeout", "5"),
                Set.of("eureka.serviceUrl.default"));
    }

    private static String kind(ConfigurationEvent e) {
        return switch (e.getType()) {
            case ConcurrentMapConfiguration.EVENT_SET_PROPERTY, ConcurrentMapConfiguration.EVENT_ADD_PROPERTY -> "set";
            case ConcurrentMapConfiguration.EVENT_CLEAR_PROPERTY -> "clear";
            default -> "other";
        };
    }

    @AfterEach
    void tearDown() {
        refresher.close();
        stub.close();
    }

    @Test
    void firstLoadSetsConfigDefaultsAndRoutes() {
        ConfigDiff diff = refresher.initialLoad(1, Duration.ofMillis(1));

        assertThat(archaius.getString("helloworld-service.ribbon.ReadTimeout")).isEqualTo("5000");
        assertThat(archaius.getString("helloworld-service.ribbon.DeploymentContextBasedVipAddresses"))
                .isEqualTo("helloworld-service");
        assertThat(archaius.getString("server.outofservice.close.timeout")).isEqualTo("5");
        assertThat(archaius.containsKey("eureka.serviceUrl.default")).as("reserved key").isFalse();
        assertThat(routes.current().match("/hello/x").backendPath()).isEqualTo("/x");
        assertThat(diff.masked().added()).containsEntry("db.password", ConfigDiff.MASK);
    }

    @Test
    void laterRefreshesApplyOnlyTheDifference() throws Exception {
        refresher.initialLoad(1, Duration.ofMillis(1));
        events.clear();

        stub.put("helloworld-service.ribbon.ReadTimeout", "2000")
                .put("zuul.routes.other.path", "/other/**")
                .remove("db.password")
                .put("server.outofservice.close.timeout", "1");
        ConfigDiff diff = refresher.refreshNow().get(10, TimeUnit.SECONDS);

        assertThat(diff.changed())
                .containsOnlyKeys("helloworld-service.ribbon.ReadTimeout", "server.outofservice.close.timeout");
        assertThat(diff.removed()).containsExactly("db.password");
        assertThat(diff.added()).containsKey("zuul.routes.other.path").containsKey("other.ribbon.NIWSServerListClassName");
        assertThat(events).hasSize(diff.size()).contains("clear db.password", "set helloworld-service.ribbon.ReadTimeout");
        assertThat(archaius.getString("helloworld-service.ribbon.ReadTimeout")).isEqualTo("2000");
        assertThat(archaius.containsKey("db.password")).isFalse();
        assertThat(routes.current().match("/other/y").route().serviceId()).isEqualTo("other");

        events.clear();
        assertThat(refresher.refreshNow().get(10, TimeUnit.SECONDS).isEmpty()).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void removingARouteClearsItsDerivedKeysAndAnOverrideFallsBackToTheDefault() throws Exception {
        stub.put("server.outofservice.close.timeout", "1");
        refresher.initialLoad(1, Duration.ofMillis(1));

        stub.remove("zuul.routes.helloworld-service.path").remove("server.outofservice.close.timeout");
        ConfigDiff diff = refresher.refreshNow().get(10, TimeUnit.SECONDS);

        assertThat(routes.current().match("/hello")).isNull();
        assertThat(archaius.containsKey("helloworld-service.ribbon.NIWSServerListClassName")).isFalse();
        assertThat(archaius.getString("helloworld-service.ribbon.ReadTimeout")).isEqualTo("5000");
        assertThat(diff.changed()).containsEntry("server.outofservice.close.timeout", "5");
        assertThat(archaius.getString("server.outofservice.close.timeout")).isEqualTo("5");
    }

    @Test
    void unreachableConfigServerFailsStartAfterTheRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ConfigRefresher unreachable = new ConfigRefresher(
                new ConfigServerClient(URI.create("http://127.0.0.1:" + closedPort), "edge-gateway", "cfg", "pw"),
                routes,
                policies::add,
                archaius,
                Map.of(),
                Set.of());
        try {
            assertThatThrownBy(() -> unreachable.initialLoad(3, Duration.ofMillis(10)))
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("config server unreachable after 3 attempts: cannot reach http://127.0.0.1:"
                            + closedPort + "/edge-gateway/traffic")
                    .hasMessageNotContaining("\n");
        } finally {
            unreachable.close();
        }
    }

    @Test
    void failedRefreshKeepsTheCurrentConfiguration() throws Exception {
        refresher.initialLoad(1, Duration.ofMillis(1));
        stub.close();

        assertThat(refresher.refreshNow())
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(ConfigServerClient.ConfigServerException.class);
        assertThat(routes.current().match("/hello")).isNotNull();
        assertThat(archaius.getString("helloworld-service.ribbon.ReadTimeout")).isEqualTo("5000");
    }

    @Test
    void aPolicyGetsAClientPerVersionBeforeItIsAppliedAndTheVersionAfter() throws Exception {
        stub.putTraffic("traffic.routes.helloworld-service.stable", "blue")
                .putTraffic("traffic.routes.helloworld-service.canary", "green")
                .putTraffic("traffic.routes.helloworld-service.weight", "10")
                .version("c1");
        refresher.initialLoad(1, Duration.ofMillis(1));

        assertThat(refresher.configVersion()).isEqualTo("c1");
        assertThat(policies).last().extracting(p -> p.route("helloworld-service"))
                .isEqualTo(new RoutePolicy("helloworld-service", "blue", "green", 10));
        for (String version : List.of("blue", "green")) {
            String p = "helloworld-service@" + version + ".ribbon.";
            assertThat(archaius.getString(p + "NIWSServerListFilterClassName"))
                    .isEqualTo("io.cfkit.gateway.traffic.VersionServerListFilter");
            assertThat(archaius.getString(p + "InstanceVersion")).isEqualTo(version);
            assertThat(archaius.getString(p + "DeploymentContextBasedVipAddresses")).isEqualTo("helloworld-service");
            // The service's own settings apply to each of its versions.
            assertThat(archaius.getString(p + "ReadTimeout")).isEqualTo("5000");
            assertThat(archaius.getString("niws.loadbalancer.helloworld-service@" + version
                    + ".connectionFailureCountThreshold")).isEqualTo("1");
        }

        // Promote: green alone; blue's client keys go, and a new commit with no change to our keys still counts.
        stub.removeTraffic("traffic.routes.helloworld-service.canary")
                .putTraffic("traffic.routes.helloworld-service.stable", "green")
                .putTraffic("traffic.routes.helloworld-service.weight", "0")
                .version("c2");
        refresher.refreshNow().get(10, TimeUnit.SECONDS);
        assertThat(refresher.configVersion()).isEqualTo("c2");
        assertThat(policies).last().extracting(p -> p.route("helloworld-service"))
                .isEqualTo(new RoutePolicy("helloworld-service", "green", null, 0));
        assertThat(archaius.containsKey("helloworld-service@blue.ribbon.InstanceVersion")).isFalse();

        stub.version("c3");
        assertThat(refresher.refreshNow().get(10, TimeUnit.SECONDS).isEmpty()).isTrue();
        assertThat(refresher.configVersion()).isEqualTo("c3");
    }
}
