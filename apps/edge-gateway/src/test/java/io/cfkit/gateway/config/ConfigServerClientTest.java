package io.cfkit.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.gateway.support.ConfigServerStub;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigServerClientTest {

    @Test
    void earlierPropertySourcesWin() throws Exception {
        String json = """
                {"name":"edge-gateway","profiles":["default"],"label":null,"version":"abc","state":null,
                 "propertySources":[
                   {"name":"edge-gateway.yml","source":{"zuul.routes.a.path":"/a/**","shared":"mine","n":1000}},
                   {"name":"application.yml","source":{"shared":"theirs","only.shared":true,"nothing":null}}]}
                """;

        Map<String, String> props = ConfigServerClient.parseEnvironment(json);

        assertThat(props)
                .containsEntry("zuul.routes.a.path", "/a/**")
                .containsEntry("shared", "mine")
                .containsEntry("n", "1000")
                .containsEntry("only.shared", "true")
                .doesNotContainKey("nothing");
    }

    @Test
    void readsTheApplicationsEnvironmentWithBasicAuth() throws Exception {
        try (ConfigServerStub stub = ConfigServerStub.start("edge-gateway", "cfg", "s3cret")) {
            stub.put("zuul.routes.x.path", "/x/**").putShared("eureka.instance.lease-renewal-interval-in-seconds", "2");

            ConfigServerClient client = new ConfigServerClient(URI.create(stub.url()), "edge-gateway", "cfg", "s3cret");
            ConfigServerClient.Fetched fetched = client.fetch();

            assertThat(client.environmentUri().toString()).isEqualTo(stub.url() + "/edge-gateway/traffic");
            assertThat(fetched.properties())
                    .containsEntry("zuul.routes.x.path", "/x/**")
                    .containsEntry("eureka.instance.lease-renewal-interval-in-seconds", "2");
            assertThat(fetched.version()).isEqualTo("stub");
        }
    }

    @Test
    void theTrafficProfileWinsAndTheVersionIsTheCommit() throws Exception {
        try (ConfigServerStub stub = ConfigServerStub.start("edge-gateway", "cfg", "s3cret")) {
            stub.put("traffic.routes.helloworld-service.weight", "5")
                    .putTraffic("traffic.routes.helloworld-service.weight", "10")
                    .putTraffic("traffic.routes.helloworld-service.stable", "blue")
                    .version("0123456789abcdef0123456789abcdef01234567");

            ConfigServerClient.Fetched fetched =
                    new ConfigServerClient(URI.create(stub.url()), "edge-gateway", "cfg", "s3cret").fetch();

            assertThat(fetched.properties())
                    .containsEntry("traffic.routes.helloworld-service.weight", "10")
                    .containsEntry("traffic.routes.helloworld-service.stable", "blue");
            assertThat(fetched.version()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        }
    }

    @Test
    void wrongCredentialsAreNamedInTheError() throws Exception {
        try (ConfigServerStub stub = ConfigServerStub.start("edge-gateway", "cfg", "s3cret")) {
            ConfigServerClient client = new ConfigServerClient(URI.create(stub.url()), "edge-gateway", "cfg", "nope");

            assertThatThrownBy(client::fetch)
                    .isInstanceOf(ConfigServerClient.ConfigServerException.class)
                    .hasMessageContaining("401")
                    .hasMessageContaining("CONFIG_SERVER_USERNAME");
        }
    }
}
