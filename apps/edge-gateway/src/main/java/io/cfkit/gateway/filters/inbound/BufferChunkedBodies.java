package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.http.HttpRequestMessage;

/**
 * Holds a chunked request body back until it is complete, so that BodySizeLimit (which runs before) can refuse it
 * before a backend sees any of it. Bodies with a Content-Length are checked up front and streamed. What a held body
 * may cost is bounded: its size by the body limit, the number of them by the concurrency limit.
 */
public class BufferChunkedBodies extends HttpInboundSyncFilter {

    @Override
    public int filterOrder() {
        return -5;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        return request.hasBody() && request.getHeaders().getFirst("Content-Length") == null;
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
