package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.manifest.AppManifest;
import java.net.URI;
import java.util.List;

/** Judges a new version before it takes traffic; throws a UserError naming the address that failed. */
@FunctionalInterface
public interface SmokeTest {

    void run(AppManifest app, List<URI> urls);
}
