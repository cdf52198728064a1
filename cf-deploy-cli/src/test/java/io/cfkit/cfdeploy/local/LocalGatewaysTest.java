package io.cfkit.cfdeploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.AppStatus.InstanceStatus;
import io.cfkit.cfdeploy.traffic.GatewayFleet.Gateway;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalGatewaysTest {

    private static AppStatus app(String name, InstanceStatus... instances) {
        return new AppStatus(name, instances.length > 0 ? "started" : "stopped", instances.length, 256, List.of(),
                List.of(instances));
    }

    private static InstanceStatus instance(int index, String state, int port) {
        return new InstanceStatus(index, state, port, "http://127.0.0.1:" + port, 100 + index, 0, 0);
    }

    @Test
    void theRunningInstancesOfTheGatewayAndOfItsSwitchedVersionsAreTheGateways() {
        LocalGateways gateways = new LocalGateways(() -> List.of(
                app("edge-gateway"),
                app("edge-gateway-v2", instance(0, "RUNNING", 41001), instance(1, "RUNNING", 41002)),
                app("helloworld-service", instance(0, "RUNNING", 41003))));

        assertThat(gateways.gateways()).containsExactly(
                new Gateway("edge-gateway-v2/0", URI.create("http://127.0.0.1:41001")),
                new Gateway("edge-gateway-v2/1", URI.create("http://127.0.0.1:41002")));
    }

    @Test
    void anInstanceKilledAndNotYetHealthyAgainIsLeftOut() {
        LocalGateways gateways = new LocalGateways(() -> List.of(app("edge-gateway", instance(0, "RUNNING", 41001),
                instance(1, "CRASHED", 41002), instance(2, "STARTING", 41004), instance(3, "STOPPING", 41005))));

        assertThat(gateways.gateways()).extracting(Gateway::id).containsExactly("edge-gateway/0");
    }

    @Test
    void noRunningGatewayIsOneLineSayingWhatToDo() {
        LocalGateways gateways = new LocalGateways(() -> List.of(app("edge-gateway", instance(0, "CRASHED", 41001)),
                app("helloworld-service", instance(0, "RUNNING", 41003))));

        assertThatThrownBy(gateways::gateways).isInstanceOf(UserError.class)
                .hasMessage("no edge-gateway instance runs: see cf-deploy apps (cf-deploy up starts the kit)");
    }
}
