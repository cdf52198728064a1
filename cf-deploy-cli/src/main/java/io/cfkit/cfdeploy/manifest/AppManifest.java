package io.cfkit.cfdeploy.manifest;

import java.util.List;
import java.util.Map;

/**
 * One application of a Cloud Foundry manifest, after ((var)) substitution: the part of it that a
 * platform needs to run the app.
 *
 * @param manifestFile        the manifest the app came from, for error messages
 * @param path                the jar, absolute (a manifest's path is relative to the manifest's folder)
 * @param command             the start command, or null for {@code java -jar path}
 * @param healthCheckType     http, port or process
 * @param healthCheckEndpoint the path probed by an http health check
 * @param timeoutSeconds      how long an instance may take to become healthy
 */
public record AppManifest(
        String name,
        String manifestFile,
        String path,
        String command,
        int memoryMb,
        int instances,
        List<String> routes,
        Map<String, String> env,
        String healthCheckType,
        String healthCheckEndpoint,
        int timeoutSeconds) {

    public AppManifest {
        routes = List.copyOf(routes);
        env = Map.copyOf(env);
    }
}
