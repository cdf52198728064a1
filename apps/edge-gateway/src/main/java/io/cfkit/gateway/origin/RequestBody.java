package io.cfkit.gateway.origin;

import io.netty.handler.codec.http.HttpContent;

/** The rest of a proxied request's body, passed on as it arrives from the client. */
public interface RequestBody {

    /** The next part; the last one is a {@code LastHttpContent}. Released by the proxy. */
    void write(HttpContent part);

    /** The client is gone: the request is abandoned, and a connection it was being sent on closed. */
    void abort();
}
