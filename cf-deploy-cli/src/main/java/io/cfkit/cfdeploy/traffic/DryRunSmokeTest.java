package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.manifest.AppManifest;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;

/** The smoke test under --dry-run: no new version was pushed, so there is nothing to test; says what it would. */
public final class DryRunSmokeTest implements SmokeTest {

    private final PrintWriter out;

    public DryRunSmokeTest(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void run(AppManifest app, List<URI> urls) {
        out.println("would smoke-test " + app.name() + " on " + urls.stream().map(URI::toString).toList());
        out.flush();
    }
}
