package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.cfkit.traffic.AdminJson;
import io.cfkit.traffic.MetricsReport;
import io.cfkit.traffic.TrafficReport;
import java.util.List;

/**
 * The edge-gateway's route, on this machine: it answers as the gateway instance the router's
 * {@code X-Cf-App-Instance: APP_GUID:INDEX} header names, as the Gorouter sends it there — its {@code /admin/traffic}
 * and {@code /admin/metrics} (the traffic contract's records) and {@code /admin/refresh}, behind the admin
 * credentials.
 */
final class GatewayRoute implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final String username;
    private final String password;

    GatewayRoute(String username, String password) {
        this.username = username;
        this.password = password;
        server.start();
    }

    /** The route as the Cloud Controller lists it for the gateway app. */
    String route() {
        return "127.0.0.1:" + server.port();
    }

    /** What instance {@code index} of the app {@code appGuid} answers from now on. */
    void instanceAnswers(String appGuid, int index, TrafficReport traffic, MetricsReport metrics) {
        String instance = appGuid + ":" + index;
        server.stubFor(get(urlPathEqualTo(TrafficReport.PATH)).withHeader(CfGateways.INSTANCE_HEADER,
                equalTo(instance)).withBasicAuth(username, password).willReturn(okJson(AdminJson.write(traffic))));
        server.stubFor(get(urlPathEqualTo(MetricsReport.PATH)).withHeader(CfGateways.INSTANCE_HEADER,
                equalTo(instance)).withBasicAuth(username, password).willReturn(okJson(AdminJson.write(metrics))));
        server.stubFor(post(urlPathEqualTo("/admin/refresh")).withHeader(CfGateways.INSTANCE_HEADER,
                equalTo(instance)).withBasicAuth(username, password).willReturn(okJson("{}")));
    }

    List<LoggedRequest> requests(RequestPatternBuilder pattern) {
        return server.findAll(pattern);
    }

    @Override
    public void close() {
        server.stop();
    }
}
