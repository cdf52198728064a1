package io.cfkit.gateway.origin;

import com.netflix.zuul.exception.OutboundException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** Where a proxied request's outcome goes: the backend's response, or why there is none. */
public interface ProxyListener {

    /** The response's status and headers; once. */
    void head(HttpResponse response);

    /** A part of the body, the last one a {@code LastHttpContent}; the listener releases it. */
    void content(HttpContent content);

    /**
     * The request failed: before {@link #head}, with no instance left to try (the error names why, for ErrorBody);
     * after it, the response broke off and cannot be finished.
     */
    void failed(OutboundException error);
}
