package io.cfkit.gateway.http;

import com.netflix.zuul.message.Header;
import com.netflix.zuul.message.Headers;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Headers between Netty's form (the wire) and Zuul's (what the filters read and change), names as they came. Each
 * copy is allocation on every request: the largest share of the gateway's (docs/performance.md, run J1).
 */
public final class HeaderCopies {

    /** Room for the headers the filters add (the forwarded ones, the instance's name), so the lists do not grow. */
    private static final int ADDED_BY_FILTERS = 6;

    private HeaderCopies() {}

    public static Headers toZuul(HttpHeaders netty) {
        Headers zuul = new Headers(netty.size() + ADDED_BY_FILTERS);
        netty.forEach(header -> zuul.add(header.getKey(), header.getValue()));
        return zuul;
    }

    public static HttpHeaders toNetty(Headers zuul) {
        HttpHeaders netty = new DefaultHttpHeaders(false);
        for (Header header : zuul.entries()) {
            netty.add(header.getKey(), header.getValue());
        }
        return netty;
    }
}
