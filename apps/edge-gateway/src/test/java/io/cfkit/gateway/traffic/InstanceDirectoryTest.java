package io.cfkit.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.appinfo.InstanceInfo;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The directory over a registry copy and ribbon clients' lists given here, no Eureka. */
class InstanceDirectoryTest {

    private final Map<String, List<InstanceInfo>> registry = new HashMap<>();
    private final RoutableInstances clients = new RoutableInstances();
    private final InstanceDirectory directory =
            new InstanceDirectory(service -> registry.getOrDefault(service, List.of()), clients);

    @Test
    void beforeAnyClientExistsTheRegistrysUpInstancesAreRouted() {
        registry.put("svc", List.of(
                instance("svc", 8001, "blue", InstanceStatus.UP),
                instance("svc", 8002, "green", InstanceStatus.UP),
                instance("svc", 8003, "blue", InstanceStatus.STARTING)));

        assertThat(directory.routed("svc")).containsExactly("10.0.0.1:8001", "10.0.0.1:8002");
    }

    @Test
    void routedIsWhatTheClientsHoldAndTheUpInstancesOfAVersionNoClientHoldsYet() {
        registry.put("svc", List.of(
                instance("svc", 8001, "blue", InstanceStatus.UP),
                instance("svc", 8002, "blue", InstanceStatus.UP),
                instance("svc", 8003, "green", InstanceStatus.UP),
                instance("svc", 8004, "green", InstanceStatus.DOWN)));
        // blue's client has refreshed only one of its two instances yet; green has no client (no request took it).
        clients.report(VersionClients.name("svc", "blue"), List.of("10.0.0.1:8001"));

        assertThat(directory.routed("svc")).containsExactly("10.0.0.1:8001", "10.0.0.1:8003");
    }

    @Test
    void withTheServicesOwnClientOnlyWhatTheClientsHoldIsRouted() {
        registry.put("svc", List.of(
                instance("svc", 8001, "blue", InstanceStatus.UP),
                instance("svc", 8002, "green", InstanceStatus.UP)));
        // The service's own client reads every version, so a version without a client of its own is not new to it.
        clients.report("svc", List.of("10.0.0.1:8001"));

        assertThat(directory.routed("svc")).containsExactly("10.0.0.1:8001");
    }

    @Test
    void aClientsInstanceTheRegistryNoLongerListsIsStillRouted() {
        registry.put("svc", List.of(instance("svc", 8002, "blue", InstanceStatus.UP)));
        clients.report(VersionClients.name("svc", "blue"), List.of("10.0.0.1:8001", "10.0.0.1:8002"));

        assertThat(directory.routed("svc")).containsExactly("10.0.0.1:8001", "10.0.0.1:8002");
    }

    @Test
    void routableIsTheClientsCountOnceItExistsElseTheRegistrysUpCount() {
        registry.put("svc", List.of(
                instance("svc", 8001, "blue", InstanceStatus.UP),
                instance("svc", 8002, "blue", InstanceStatus.UP),
                instance("svc", 8003, "blue", InstanceStatus.DOWN)));

        assertThat(directory.routable("svc", "blue")).isEqualTo(2);
        assertThat(directory.routable("svc", "green")).isZero();

        clients.report(VersionClients.name("svc", "blue"), List.of("10.0.0.1:8001"));
        assertThat(directory.routable("svc", "blue")).isEqualTo(1);
    }

    private static InstanceInfo instance(String service, int port, String version, InstanceStatus status) {
        Map<String, String> metadata = new HashMap<>();
        if (version != null) {
            metadata.put(VersionClients.METADATA_KEY, version);
        }
        return InstanceInfo.Builder.newBuilder()
                .setInstanceId(service + ":" + port)
                .setAppName(service)
                .setVIPAddress(service)
                .setHostName("10.0.0.1")
                .setIPAddr("10.0.0.1")
                .setPort(port)
                .setStatus(status)
                .setMetadata(metadata)
                .build();
    }
}
