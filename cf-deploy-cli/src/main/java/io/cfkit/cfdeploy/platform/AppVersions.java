package io.cfkit.cfdeploy.platform;

import java.util.regex.Pattern;

/**
 * How a version of an app is named beside it: {@code APP-VERSION}, as {@code deploy} and {@code switch} push it (Cloud
 * Foundry has no notion of an app's versions, only of apps). So the gateway switched to v2 runs as
 * {@code edge-gateway-v2}, and the edge-gateway's instances are those of every app named so.
 */
public final class AppVersions {

    /** A version name: it becomes part of an app name and of a route's host name. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");

    private AppVersions() {
    }

    /** The app a version of {@code app} runs as. */
    public static String appOf(String app, String version) {
        return app + "-" + version;
    }

    /** Whether {@code candidate} is {@code app} itself or an app a version of it runs as. */
    public static boolean isVersionOf(String candidate, String app) {
        return candidate.equals(app) || candidate.startsWith(app + "-")
                && NAME.matcher(candidate.substring(app.length() + 1)).matches();
    }
}
