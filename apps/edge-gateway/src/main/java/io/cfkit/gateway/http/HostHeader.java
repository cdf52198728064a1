package io.cfkit.gateway.http;

/**
 * The Host header's syntax (RFC 9110 7.2: {@code uri-host [ ":" port ]}), with the host an IP literal in brackets or
 * a DNS name or IPv4 address: letters, digits, '-' and '.' (RFC 1123). RFC 3986 would also let a registered name have
 * '_', '~', sub-delimiters and percent-escapes; java.net.URI refuses them, and so did Zuul 2.6.9, which parses the
 * header as one for every proxied request (3 % of the gateway's CPU under load, docs/performance.md attempt 10), and
 * helloworld-service's Tomcat answered an underscore with its own 400 page. Read from the text here instead.
 */
public final class HostHeader {

    private HostHeader() {}

    /** The host without its port (an IP literal keeps its brackets), or null if the value is not host[:port]. */
    public static String hostOf(String value) {
        int hostEnd;
        if (!value.isEmpty() && value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 2 || !ipLiteral(value, 1, close)) {
                return null;
            }
            hostEnd = close + 1;
        } else {
            hostEnd = value.indexOf(':');
            if (hostEnd < 0) {
                hostEnd = value.length();
            }
            if (hostEnd == 0 || !hostName(value, 0, hostEnd)) {
                return null;
            }
        }
        if (hostEnd < value.length() && !(value.charAt(hostEnd) == ':' && port(value, hostEnd + 1))) {
            return null;
        }
        return value.substring(0, hostEnd);
    }

    private static boolean ipLiteral(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!(Character.digit(c, 16) >= 0 && c < 0x80 || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean hostName(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Empty (RFC 3986 allows "host:") or up to five digits. */
    private static boolean port(String value, int from) {
        int digits = value.length() - from;
        if (digits > 5) {
            return false;
        }
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
