package io.cfkit.gateway.filters.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.appinfo.InstanceInfo;
import com.netflix.client.config.DefaultClientConfigImpl;
import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.discovery.DiscoveryResult;
import com.netflix.zuul.exception.OutboundErrorType;
import com.netflix.zuul.exception.OutboundException;
import com.netflix.zuul.message.Headers;
import com.netflix.zuul.message.http.HttpQueryParams;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpRequestMessageImpl;
import com.netflix.zuul.message.http.HttpResponseMessageImpl;
import com.netflix.zuul.niws.RequestAttempts;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.origin.InstanceAttempt;
import io.cfkit.gateway.routing.Route;
import io.cfkit.gateway.routing.RouteMatch;
import io.cfkit.gateway.traffic.TrafficMetrics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionMetricsTest {

    private final TrafficMetrics metrics = new TrafficMetrics(System::currentTimeMillis, 60);
    private final VersionMetrics filter =
            new VersionMetrics(new GatewayServices(null, null, null, metrics, null, null, null, "gw", null));

    @Test
    void aRequestCountsForTheVersionOfTheInstanceThatAnsweredWithNoRegistryAsked() {
        // The policy chose blue, yet the instance ribbon held and chose says green: the answer counts for green,
        // whether or not a registry still lists that instance.
        RequestAttempts attempts = new RequestAttempts();
        attempts.add(attempt(instance(8001, "green"), 1));
        HttpRequestMessage request = routedRequest("blue", attempts);

        filter.apply(new HttpResponseMessageImpl(request.getContext(), request, 200));

        assertThat(metrics.snapshot().get("svc")).containsOnlyKeys("green");
        assertThat(metrics.snapshot().get("svc").get("green").requests()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionCountsForItsInstancesVersionAndTheAnswerForTheRetrysOne() {
        RequestAttempts attempts = new RequestAttempts();
        InstanceAttempt refused = attempt(instance(8001, "green"), 1);
        refused.complete(-1, 3, new OutboundException(OutboundErrorType.CONNECT_ERROR, attempts));
        attempts.add(refused);
        attempts.add(attempt(instance(8002, "blue"), 2));
        HttpRequestMessage request = routedRequest(null, attempts);

        filter.apply(new HttpResponseMessageImpl(request.getContext(), request, 200));

        assertThat(metrics.snapshot().get("svc").get("green").connectFailures()).isEqualTo(1);
        assertThat(metrics.snapshot().get("svc").get("green").requests()).isZero();
        assertThat(metrics.snapshot().get("svc").get("blue").requests()).isEqualTo(1);
    }

    private static HttpRequestMessage routedRequest(String chosenVersion, RequestAttempts attempts) {
        SessionContext context = new SessionContext();
        context.put(GatewayContext.ROUTE, new RouteMatch(Route.of("svc", "/svc/**", "svc", true), "/x"));
        if (chosenVersion != null) {
            context.put(GatewayContext.VERSION, chosenVersion);
        }
        context.put(CommonContextKeys.REQUEST_ATTEMPTS, attempts);
        HttpRequestMessage request = new HttpRequestMessageImpl(context, "HTTP/1.1", "get", "/svc/x",
                new HttpQueryParams(), new Headers(), "127.0.0.1", "http", 8080, "localhost");
        request.storeInboundRequest();
        return request;
    }

    private static InstanceAttempt attempt(InstanceInfo instance, int number) {
        return new InstanceAttempt(DiscoveryResult.from(instance, false), DefaultClientConfigImpl.getClientConfigWithDefaultValues("svc"), number, 5000);
    }

    private static InstanceInfo instance(int port, String version) {
        return InstanceInfo.Builder.newBuilder()
                .setAppName("svc")
                .setVIPAddress("svc")
                .setInstanceId("svc:" + port)
                .setHostName("127.0.0.1")
                .setIPAddr("127.0.0.1")
                .setPort(port)
                .setMetadata(Map.of("version", version))
                .build();
    }
}
