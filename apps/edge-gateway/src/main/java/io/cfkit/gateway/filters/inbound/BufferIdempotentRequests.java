package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.http.HttpRequestMessage;
import java.util.Locale;
import java.util.Set;

/**
 * Holds GET/HEAD/OPTIONS requests until their (empty) last chunk has arrived. Otherwise, on a pooled origin
 * connection, that chunk is streamed to the origin after the headers and Zuul counts the request as "proxied without
 * buffering", hence not replayable: a backend killed mid-request (connection reset) would then cost the client a 502
 * instead of a retry on another instance. Found by kill -9 on a backend under load.
 */
public class BufferIdempotentRequests extends HttpInboundSyncFilter {

    // The methods Zuul's ProxyEndpoint retries on a reset or a read timeout.
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public int filterOrder() {
        return 0;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        return IDEMPOTENT.contains(request.getMethod().toUpperCase(Locale.ROOT));
    }

    @Override
    public boolean needsBodyBuffered(HttpRequestMessage request) {
        return shouldFilter(request);
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        return request;
    }
}
