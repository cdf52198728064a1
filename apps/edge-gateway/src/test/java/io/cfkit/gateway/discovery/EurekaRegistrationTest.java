package io.cfkit.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jersey.api.client.Client;
import com.sun.jersey.api.client.ClientResponse;
import com.sun.net.httpserver.HttpServer;
import io.cfkit.gateway.GatewaySettings;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EurekaRegistrationTest {

    private static final GatewaySettings SETTINGS = GatewaySettings.from(Map.of(
                    "CONFIG_SERVER_URL", "http://127.0.0.1:8888",
                    "CONFIG_SERVER_USERNAME", "cfg",
                    "CONFIG_SERVER_PASSWORD", "cfg-pw",
                    "EUREKA_URL", "http://127.0.0.1:8761/eureka",
                    "EUREKA_USERNAME", "eureka",
                    "EUREKA_PASSWORD", "eu-pw",
                    "ADMIN_USERNAME", "admin",
                    "ADMIN_PASSWORD", "admin-pw"),
            new Properties());

    @Test
    void theServiceUrlTheClientLogsCarriesNoCredentials() {
        assertThat(EurekaRegistration.clientProperties(SETTINGS, 1))
                .containsEntry("eureka.serviceUrl.default", "http://127.0.0.1:8761/eureka/");
    }

    @Test
    void everyRequestOfTheClientCarriesTheCredentialsInAHeader() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer eureka = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        eureka.createContext("/", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        eureka.start();
        Client jersey = Client.create();
        try {
            jersey.addFilter(new EurekaAuthorization(SETTINGS.eureka()));
            jersey.resource("http://127.0.0.1:" + eureka.getAddress().getPort() + "/eureka/apps/")
                    .get(ClientResponse.class)
                    .close();
        } finally {
            jersey.destroy();
            eureka.stop(0);
        }

        // "Basic " + base64("eureka:eu-pw"), worked out with: printf 'eureka:eu-pw' | base64
        assertThat(received).containsExactly("Basic ZXVyZWthOmV1LXB3");
    }
}
