package io.cfkit.gateway.edge;

import com.netflix.config.ConfigurationManager;
import io.cfkit.gateway.config.SettingsCache;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.configuration.AbstractConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the edge refuses, in one place: the keys (config repo or archaius), their defaults, and how a value is read.
 * A change in the config repo applies from the next request (the two Netty decoder limits and the header timeout: from
 * the next connection).
 *
 * <p>The body size and concurrency limits are read for every request: each value is read from archaius and parsed
 * once, and everything read is forgotten whenever archaius changes (the config refresh sets and clears properties
 * there), as CachedClientConfig does for ribbon's keys.
 */
public final class EdgeLimits {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeLimits.class);

    /** Largest request body, for every request; {@code zuul.routes.<route>.max-body-size} overrides it per route. */
    public static final String MAX_BODY_SIZE = "gateway.limits.max-body-size";

    /** Requests in flight on this gateway beyond which routed requests are shed with 503. */
    public static final String MAX_CONCURRENT_REQUESTS = "gateway.limits.max-concurrent-requests";

    /** The {@code Retry-After} of a shed request. */
    public static final String RETRY_AFTER_SECONDS = "gateway.limits.retry-after-seconds";

    /** Time from a connection's first byte (or its opening) to the end of the request's headers. */
    public static final String HEADER_READ_TIMEOUT_MS = "gateway.limits.header-read-timeout-ms";

    /** Zuul's keys for the HTTP decoder, kept: all header lines together, and the request line. */
    public static final String MAX_HEADER_SIZE = "server.http.decoder.maxHeaderSize";

    public static final String MAX_INITIAL_LINE_LENGTH = "server.http.decoder.maxInitialLineLength";

    static final String ROUTE_PREFIX = "zuul.routes.";
    static final String ROUTE_MAX_BODY_SIZE = ".max-body-size";
    static final String ROUTE_MAX_CONCURRENT_REQUESTS = ".max-concurrent-requests";

    private static final long DEFAULT_MAX_BODY_SIZE = 10L * 1024 * 1024;
    private static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 1000;
    private static final int DEFAULT_RETRY_AFTER_SECONDS = 1;
    private static final int DEFAULT_HEADER_READ_TIMEOUT_MS = 10_000;
    private static final int DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
    private static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 8 * 1024;

    /** Values already reported as unreadable, so a bad value is logged once, not per request. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    private final AbstractConfiguration archaius;

    /** Values read, by key, and the per-route ones by route name (no key built per request). */
    private final SettingsCache<Long> values = new SettingsCache<>();
    private final SettingsCache<Long> routeBodySizes = new SettingsCache<>();
    private final SettingsCache<Long> routeConcurrency = new SettingsCache<>();

    public EdgeLimits() {
        this(ConfigurationManager.getConfigInstance());
    }

    EdgeLimits(AbstractConfiguration archaius) {
        this.archaius = archaius;
        SettingsCache.forgetOnChangesOf(archaius, values, routeBodySizes, routeConcurrency);
    }

    /** The defaults, for archaius (GatewayDefaults): the config repo may override each. */
    public static Map<String, String> defaults() {
        return Map.of(
                MAX_BODY_SIZE, Long.toString(DEFAULT_MAX_BODY_SIZE),
                MAX_CONCURRENT_REQUESTS, Integer.toString(DEFAULT_MAX_CONCURRENT_REQUESTS),
                RETRY_AFTER_SECONDS, Integer.toString(DEFAULT_RETRY_AFTER_SECONDS),
                HEADER_READ_TIMEOUT_MS, Integer.toString(DEFAULT_HEADER_READ_TIMEOUT_MS),
                MAX_HEADER_SIZE, Integer.toString(DEFAULT_MAX_HEADER_SIZE),
                MAX_INITIAL_LINE_LENGTH, Integer.toString(DEFAULT_MAX_INITIAL_LINE_LENGTH));
    }

    /** The route's {@code max-body-size} if it has one, else the gateway's; {@code route} may be null. */
    public long maxBodySize(String route) {
        if (route != null) {
            long perRoute = routeBodySizes.get(route, r -> size(ROUTE_PREFIX + r + ROUTE_MAX_BODY_SIZE, -1));
            if (perRoute >= 0) {
                return perRoute;
            }
        }
        return values.get(MAX_BODY_SIZE, key -> size(key, DEFAULT_MAX_BODY_SIZE));
    }

    public int maxConcurrentRequests() {
        return positiveInt(MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_CONCURRENT_REQUESTS);
    }

    /** The route's own limit, or 0 when it has none (then only the gateway's applies). */
    public int maxConcurrentRequests(String route) {
        Long limit = routeConcurrency.get(
                route, r -> (long) readPositiveInt(ROUTE_PREFIX + r + ROUTE_MAX_CONCURRENT_REQUESTS, 0));
        return limit.intValue();
    }

    public int retryAfterSeconds() {
        return positiveInt(RETRY_AFTER_SECONDS, DEFAULT_RETRY_AFTER_SECONDS);
    }

    public int headerReadTimeoutMillis() {
        return positiveInt(HEADER_READ_TIMEOUT_MS, DEFAULT_HEADER_READ_TIMEOUT_MS);
    }

    public int maxHeaderSize() {
        return positiveInt(MAX_HEADER_SIZE, DEFAULT_MAX_HEADER_SIZE);
    }

    public int maxInitialLineLength() {
        return positiveInt(MAX_INITIAL_LINE_LENGTH, DEFAULT_MAX_INITIAL_LINE_LENGTH);
    }

    /**
     * Bytes, as a number or with a binary unit as Spring writes sizes: {@code 10485760}, {@code 512KB}, {@code 10MB},
     * {@code 1GB}. Null when the text is none of these.
     */
    static Long parseSize(String text) {
        String value = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (value.endsWith("KB")) {
            unit = 1L << 10;
        } else if (value.endsWith("MB")) {
            unit = 1L << 20;
        } else if (value.endsWith("GB")) {
            unit = 1L << 30;
        }
        if (unit > 1) {
            value = value.substring(0, value.length() - 2).trim();
        } else if (value.endsWith("B")) {
            value = value.substring(0, value.length() - 1).trim();
        }
        try {
            long number = Long.parseLong(value);
            return number < 0 || number > Long.MAX_VALUE / unit ? null : number * unit;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private int positiveInt(String key, int fallback) {
        return values.get(key, k -> (long) readPositiveInt(k, fallback)).intValue();
    }

    private long size(String key, long fallback) {
        String text = archaius.getString(key, null);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Long parsed = parseSize(text);
        if (parsed == null) {
            reportOnce(key, text, "a size such as 10485760 or 10MB");
            return fallback;
        }
        return parsed;
    }

    private int readPositiveInt(String key, int fallback) {
        String text = archaius.getString(key, null);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(text.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        reportOnce(key, text, "a whole number above 0");
        return fallback;
    }

    private void reportOnce(String key, String text, String expected) {
        if (reported.add(key + "=" + text)) {
            LOG.warn("{} must be {}, not '{}'; using {} until it is fixed in the config repo", key, expected, text,
                    key.startsWith(ROUTE_PREFIX) ? "the gateway's limit" : "the default");
        }
    }
}
