package io.cfkit.gateway.traffic;

import java.util.Map;

/**
 * Names of the per-version ribbon clients. A service with a policy gets one client per version, all on the service's
 * Eureka VIP, each keeping only its version's instances ({@link VersionServerListFilter}); the gateway picks the
 * client per request. So the load balancing, connection pools and retries of a version never reach another version.
 */
public final class VersionClients {

    /** '@' is not used in Eureka application names, so {@code <service>@<version>} cannot be another service. */
    static final char SEPARATOR = '@';

    /** The archaius key, under {@code <client>.ribbon.}, that tells a client's filter which version it keeps. */
    public static final String VERSION_KEY = "InstanceVersion";

    /** Eureka instance metadata that names an instance's version (helloworld-service sets it from APP_VERSION). */
    public static final String METADATA_KEY = "version";

    /** The version of instances that register no {@code version} metadata. */
    public static final String UNKNOWN = "unknown";

    private VersionClients() {}

    /** An instance's version from its Eureka metadata; {@link #UNKNOWN} without one. */
    public static String versionOf(Map<String, String> metadata) {
        String version = metadata == null ? null : metadata.get(METADATA_KEY);
        return version == null || version.isBlank() ? UNKNOWN : version.trim();
    }

    public static String name(String service, String version) {
        return service + SEPARATOR + version;
    }
}
