package io.cfkit.gateway.filters.inbound;

import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.Headers;
import com.netflix.zuul.message.http.HttpHeaderNames;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.edge.EdgeCounters;
import io.cfkit.gateway.edge.EdgeCounters.Reason;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.HostHeader;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * First filter: refuses with 400 what a backend must never see. A path that could climb out of its route once some
 * backend decodes or normalises it (dot segments in any spelling: {@code ..}, {@code %2e%2e}, {@code ..%2f},
 * {@code ..%5c}, double-encoded), backslashes, NUL and other control characters; a Host that is not host[:port]; and
 * requests whose framing two servers could read differently (HTTP/1.1 without Host, several Content-Lengths,
 * Content-Length with Transfer-Encoding, a Transfer-Encoding other than chunked). Netty's decoder refuses some of
 * these itself; then MalformedRequestRejection answers. The connection is closed after the answer.
 */
public class RequestValidation extends HttpInboundSyncFilter {

    /** Decoding rounds: enough for double and triple encoding, which some backends and frameworks undo. */
    private static final int DECODE_ROUNDS = 3;

    private final EdgeCounters counters;

    public RequestValidation(GatewayServices services) {
        this.counters = services.edge().counters();
    }

    @Override
    public int filterOrder() {
        return -20;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        return true;
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        String problem = pathProblem(request.getPath());
        if (problem == null) {
            problem = framingProblem(request);
        }
        if (problem != null) {
            counters.refused(Reason.BAD_REQUEST);
            Refusal.answer(request, 400, problem, ZuulStatusCategory.FAILURE_CLIENT_BAD_REQUEST, true);
        }
        return request;
    }

    /** Why the raw path (before any decoding) is refused, or null. */
    static String pathProblem(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "path must start with '/'";
        }
        String form = rawPath;
        for (int round = 0; ; round++) {
            String problem = problemIn(form);
            if (problem != null) {
                return problem;
            }
            if (round == DECODE_ROUNDS || form.indexOf('%') < 0) {
                return null;
            }
            try {
                // Byte by byte (ISO-8859-1), so that every escape is seen whatever charset a backend assumes; '+' is
                // a space only in a query, so it is kept.
                form = QueryStringDecoder.decodeComponent(form.replace("+", "%2B"), StandardCharsets.ISO_8859_1);
            } catch (IllegalArgumentException e) {
                // In the raw path a broken escape is an error; once decoded, a '%' left over is a literal one.
                return round == 0 ? "malformed percent-encoding in path" : null;
            }
        }
    }

    private static String problemIn(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "control character in path";
            }
            if (c == '\\') {
                return "backslash in path";
            }
            // Overlong UTF-8 for '.' and '/' (%c0%ae, %c0%af): never valid UTF-8, yet some decoders accept it.
            if (c == 0xc0 || c == 0xc1) {
                return "invalid UTF-8 in path";
            }
        }
        return hasDotSegment(path) ? "dot segment in path" : null;
    }

    /** A segment (between slashes, or at either end) that is "." or "..". */
    private static boolean hasDotSegment(String path) {
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int length = end - start;
            if ((length == 1 || length == 2) && path.charAt(start) == '.' && path.charAt(end - 1) == '.') {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static String framingProblem(HttpRequestMessage request) {
        Headers headers = request.getHeaders();
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if ("HTTP/1.1".equals(request.getProtocol()) && (hosts.isEmpty() || hosts.get(0).isBlank())) {
            return "HTTP/1.1 request without Host header";
        }
        if (hosts.size() > 1) {
            return "more than one Host header";
        }
        if (hosts.size() == 1 && HostHeader.hostOf(hosts.get(0)) == null) {
            return "Host header is not host[:port]";
        }
        List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        List<String> encodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (lengths.size() > 1 || lengths.size() == 1 && lengths.get(0).contains(",")) {
            return "more than one Content-Length";
        }
        if (lengths.size() == 1 && !lengths.get(0).trim().matches("[0-9]{1,18}")) {
            return "Content-Length is not a number";
        }
        if (!encodings.isEmpty() && !lengths.isEmpty()) {
            return "both Content-Length and Transfer-Encoding";
        }
        if (encodings.size() > 1
                || encodings.size() == 1 && !encodings.get(0).trim().toLowerCase(Locale.ROOT).equals("chunked")) {
            return "Transfer-Encoding other than chunked";
        }
        return null;
    }
}
