package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.platform.Platform;
import java.util.List;

/** The rollout scenarios on a platform in memory. */
class FakePlatformRolloutsTest extends RolloutsContract {

    @Override
    protected Platform platformRunning(List<AppManifest> apps) {
        return new FakePlatform(apps.toArray(AppManifest[]::new));
    }
}
