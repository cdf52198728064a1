package io.cfkit.gateway.server;

import com.netflix.zuul.message.HeaderName;
import com.netflix.zuul.message.Headers;
import com.netflix.zuul.message.http.HttpHeaderNames;
import com.netflix.zuul.message.http.HttpRequestMessage;
import io.cfkit.gateway.http.HostHeader;

/**
 * What Zuul's ProxyEndpoint does to a request's headers before it goes to the origin: the hop-by-hop Connection and
 * Keep-Alive removed, and X-Forwarded-Host, -Port, -Proto and -For added unless the request already has them (Cloud
 * Foundry's router sets them; a client's own are kept, as Zuul keeps them by default).
 *
 * <p>Zuul's own version parses the Host header as a java.net.URI (see HostHeader). RequestValidation has refused a
 * request whose Host is not host[:port]. Nothing here sets the context's {@code requestURI} or {@code overrideURI},
 * which Zuul's version also applies.
 */
final class ForwardedHeaders {

    private ForwardedHeaders() {}

    static void apply(HttpRequestMessage request) {
        Headers headers = request.getHeaders();
        headers.remove(HttpHeaderNames.CONNECTION);
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        addIfAbsent(headers, HttpHeaderNames.X_FORWARDED_HOST, originalHost(headers, request.getServerName()));
        addIfAbsent(headers, HttpHeaderNames.X_FORWARDED_PORT, Integer.toString(request.getPort()));
        addIfAbsent(headers, HttpHeaderNames.X_FORWARDED_PROTO, request.getScheme());
        addIfAbsent(headers, HttpHeaderNames.X_FORWARDED_FOR, request.getClientIp());
    }

    /** The host the client asked for, without a port; the server's name without a Host header (HTTP/1.0). */
    private static String originalHost(Headers headers, String serverName) {
        String value = headers.getFirst(HttpHeaderNames.HOST);
        String host = value != null ? HostHeader.hostOf(value) : null;
        return host != null ? host : serverName;
    }

    private static void addIfAbsent(Headers headers, HeaderName name, String value) {
        if (value != null && headers.getFirst(name) == null) {
            headers.set(name, value);
        }
    }
}
