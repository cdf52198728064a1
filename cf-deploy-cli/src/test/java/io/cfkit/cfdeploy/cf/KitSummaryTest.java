package io.cfkit.cfdeploy.cf;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.platform.AppStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class KitSummaryTest {

    @Test
    void theGatewayIsWhereverItsRouteIsAfterASwitch() {
        StringWriter printed = new StringWriter();

        KitSummary.print(List.of(
                new AppStatus("discovery-service", "STARTED", 1, 512, List.of("eureka.apps.example.com"), List.of()),
                new AppStatus("edge-gateway", "STOPPED", 2, 256, List.of(), List.of()),
                new AppStatus("edge-gateway-v2", "STARTED", 2, 256, List.of("gw.apps.example.com"), List.of()),
                new AppStatus("helloworld-service", "STARTED", 1, 512, List.of("hello.apps.internal"), List.of())),
                new PrintWriter(printed, true));

        assertThat(printed.toString()).contains("Gateway: https://gw.apps.example.com/",
                "Eureka dashboard: https://eureka.apps.example.com/");
    }
}
