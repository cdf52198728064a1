package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A smoke test that passes, or fails once told to; it remembers the addresses it was given. */
final class FakeSmokeTest implements SmokeTest {

    private final List<URI> tested = new ArrayList<>();
    private boolean failing;

    void fail() {
        failing = true;
    }

    List<URI> tested() {
        return List.copyOf(tested);
    }

    @Override
    public void run(AppManifest app, List<URI> urls) {
        tested.addAll(urls);
        if (failing) {
            throw new UserError("smoke test failed on " + urls.get(0));
        }
    }
}
