package io.cfkit.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.client.config.CommonClientConfigKey;
import com.netflix.client.config.DefaultClientConfigImpl;
import com.netflix.client.config.IClientConfig;
import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.message.Headers;
import com.netflix.zuul.message.http.HttpQueryParams;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpRequestMessageImpl;
import com.netflix.zuul.netty.timeouts.OriginTimeoutManager;
import com.netflix.zuul.origins.NettyOrigin;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** OriginReadTimeout answers as Zuul's own OriginTimeoutManager does, for the origin's and a request's timeouts. */
class OriginReadTimeoutTest {

    @Test
    void theOriginsTimeoutWhenNoFilterOverridesIt() {
        NettyOrigin origin = originWithReadTimeout(500);

        assertThat(new OriginReadTimeout(origin).computeReadTimeout(request(), 1)).isEqualTo(Duration.ofMillis(500));
        assertSameAsZuul(origin, request());
    }

    @Test
    void theShorterOfTheOriginsAndAFiltersOverride() {
        NettyOrigin origin = originWithReadTimeout(500);
        HttpRequestMessage shorter = requestWithReadTimeout(200);
        HttpRequestMessage longer = requestWithReadTimeout(2000);

        assertThat(new OriginReadTimeout(origin).computeReadTimeout(shorter, 1)).isEqualTo(Duration.ofMillis(200));
        assertThat(new OriginReadTimeout(origin).computeReadTimeout(longer, 1)).isEqualTo(Duration.ofMillis(500));
        assertSameAsZuul(origin, requestWithReadTimeout(200));
        assertSameAsZuul(origin, requestWithReadTimeout(2000));
    }

    @Test
    void zuulsCapWhenNeitherSetsOne() {
        NettyOrigin origin = originWith(new DefaultClientConfigImpl());

        assertThat(new OriginReadTimeout(origin).computeReadTimeout(request(), 1)).isEqualTo(Duration.ofSeconds(90));
        assertSameAsZuul(origin, request());
        assertSameAsZuul(origin, requestWithReadTimeout(700));
    }

    @Test
    void aRequestWithoutOverridesGetsNoConfigurationStoredInItsContext() {
        HttpRequestMessage request = request();

        new OriginReadTimeout(originWithReadTimeout(500)).computeReadTimeout(request, 1);

        assertThat(request.getContext().get(CommonContextKeys.REST_CLIENT_CONFIG)).isNull();
    }

    private static void assertSameAsZuul(NettyOrigin origin, HttpRequestMessage request) {
        Duration ours = new OriginReadTimeout(origin).computeReadTimeout(request, 1);
        assertThat(ours).isEqualTo(new OriginTimeoutManager(origin).computeReadTimeout(request, 1));
    }

    private static NettyOrigin originWithReadTimeout(int millis) {
        DefaultClientConfigImpl config = new DefaultClientConfigImpl();
        config.set(CommonClientConfigKey.ReadTimeout, millis);
        return originWith(config);
    }

    /** An origin of which only the configuration is used. */
    private static NettyOrigin originWith(IClientConfig config) {
        return (NettyOrigin) Proxy.newProxyInstance(NettyOrigin.class.getClassLoader(), new Class<?>[] {NettyOrigin.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getClientConfig")) {
                        return config;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpRequestMessage requestWithReadTimeout(int millis) {
        HttpRequestMessage request = request();
        DefaultClientConfigImpl overrides = new DefaultClientConfigImpl();
        overrides.set(CommonClientConfigKey.ReadTimeout, millis);
        request.getContext().put(CommonContextKeys.REST_CLIENT_CONFIG, overrides);
        return request;
    }

    private static HttpRequestMessage request() {
        return new HttpRequestMessageImpl(new SessionContext(), "HTTP/1.1", "GET", "/hello", new HttpQueryParams(),
                new Headers(), "127.0.0.1", "http", 8080, "localhost");
    }
}
