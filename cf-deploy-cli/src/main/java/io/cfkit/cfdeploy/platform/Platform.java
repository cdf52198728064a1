package io.cfkit.cfdeploy.platform;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import java.util.List;
import java.util.Optional;

/**
 * What cf-deploy does to a platform, the same on Cloud Foundry and on the local platform. One operation
 * per method; each either completes or throws a {@link io.cfkit.cfdeploy.UserError} leaving things as
 * they were.
 */
public interface Platform {

    /** Every app with its desired and actual instances, like {@code cf apps}. */
    List<AppStatus> apps();

    /** Sets the app's instance count and returns once that many run and no more. */
    void scale(String app, int instances);

    /** The manifest the app runs with, if the platform has such an app. */
    Optional<AppManifest> manifest(String app);

    /** The manifest of an app the platform has; any other name is a user error listing the known apps. */
    default AppManifest requireManifest(String app) {
        return manifest(app).orElseThrow(() -> UserError.unknownApp(app, apps().stream().map(AppStatus::name).toList()));
    }

    /**
     * Starts the app from its manifest, or replaces its manifest and restarts it if it exists, and returns once
     * its instances are healthy. On failure the platform is left as it was.
     */
    void push(AppManifest app);

    /** The app's recent log lines, oldest first, each prefixed with its source like {@code [APP/0]}. */
    List<String> recentLogs(String app, int lines);

    // What a rollout needs besides the above. Each returns once the platform is in the state it names.

    /** Starts a stopped app with the instance count it was stopped with; returns once they run and are healthy. */
    void start(String app);

    /** Stops every instance of the app and keeps the app (manifest, droplet, instance count) for a later start. */
    void stop(String app);

    /** Removes the app and what was made for it; an app the platform does not have is not an error. */
    void delete(String app);

    /**
     * Gives a stopped app another name, keeping everything else; an app already renamed ({@code app} gone and
     * {@code newName} there) is not an error, so the call can be made again. A {@code newName} another app has is.
     */
    void rename(String app, String newName);

    /**
     * Where a smoke test reaches the app before any live route sends it traffic: each instance's own address
     * locally, a temporary route on Cloud Foundry. Closing the target removes what was made for it.
     */
    SmokeTarget openSmokeTarget(String app);

    /** Maps a route of the app's manifest vocabulary (host.domain/path, or 127.0.0.1:PORT locally) to the app. */
    void mapRoute(String app, String route);

    /** Unmaps the route from the app; the route itself stays for other apps mapped to it. */
    void unmapRoute(String app, String route);

    /**
     * Lets {@code app}'s instances open the connections {@code like}'s may, and be reached by what reaches
     * {@code like}'s: a new version runs as the live one does (container-to-container policies on Cloud Foundry;
     * nothing to do on loopback).
     */
    void allowTrafficLike(String app, String like);
}
