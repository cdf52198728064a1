package io.cfkit.gateway.origin;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** Who a request's response goes to, on the event loop of the connection it was sent on. */
interface OriginResponseListener {

    /** The response's status and headers; at most once per request. */
    void head(HttpResponse response);

    /** A part of the body; the last one is a {@code LastHttpContent}. The listener releases it. */
    void content(HttpContent content);

    /** The connection can take more of the request's body again, after it could not. */
    void writable();

    /** The request failed on this connection, before or during its response; the connection is closed. */
    void failed(Throwable cause);
}
