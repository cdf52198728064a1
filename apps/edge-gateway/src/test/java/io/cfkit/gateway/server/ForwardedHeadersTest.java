package io.cfkit.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.message.Header;
import com.netflix.zuul.message.Headers;
import com.netflix.zuul.message.http.HttpQueryParams;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpRequestMessageImpl;
import com.netflix.zuul.util.ProxyUtils;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ForwardedHeaders gives the origin the headers Zuul 2.6.9's ProxyEndpoint would, for every kind of Host that
 * RequestValidation lets through (HostHeaderTest).
 */
class ForwardedHeadersTest {

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("a name", Map.of("Host", "example.com")),
                Arguments.of("a name and port", Map.of("Host", "example.com:8443")),
                Arguments.of("an IPv4 address and port", Map.of("Host", "127.0.0.1:8080")),
                Arguments.of("an IPv6 address and port", Map.of("Host", "[::1]:8080")),
                Arguments.of("an IPv6 address", Map.of("Host", "[2001:db8::1]")),
                Arguments.of("no Host (HTTP/1.0)", Map.of()),
                Arguments.of("the router's X-Forwarded-* already there", Map.of(
                        "Host", "app.example.com",
                        "X-Forwarded-Host", "app.example.com",
                        "X-Forwarded-Port", "443",
                        "X-Forwarded-Proto", "https",
                        "X-Forwarded-For", "203.0.113.7")),
                Arguments.of("hop-by-hop headers", Map.of(
                        "Host", "example.com", "Connection", "keep-alive", "Keep-Alive", "timeout=5")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void givesTheOriginWhatZuulWould(String description, Map<String, String> headers) {
        HttpRequestMessage ours = request(headers);
        HttpRequestMessage zuuls = request(headers);

        ForwardedHeaders.apply(ours);
        zuulsTransform(zuuls);

        assertThat(entries(ours)).containsExactlyInAnyOrderElementsOf(entries(zuuls));
        assertThat(ours.reconstructURI()).isEqualTo(zuuls.reconstructURI());
    }

    /** ProxyEndpoint.transformRequest of Zuul 2.6.9 without a requestURI or overrideURI in the context. */
    private static void zuulsTransform(HttpRequestMessage request) {
        request.getHeaders().remove("connection");
        request.getHeaders().remove("keep-alive");
        ProxyUtils.addXForwardedHeaders(request);
    }

    private static List<String> entries(HttpRequestMessage request) {
        return request.getHeaders().entries().stream()
                .map(Header::toString)
                .toList();
    }

    private static HttpRequestMessage request(Map<String, String> headers) {
        Headers zuulHeaders = new Headers();
        headers.forEach(zuulHeaders::add);
        return new HttpRequestMessageImpl(new SessionContext(), "HTTP/1.1", "GET", "/hello", new HttpQueryParams(),
                zuulHeaders, "192.0.2.10", "http", 8080, "gateway.internal");
    }
}
