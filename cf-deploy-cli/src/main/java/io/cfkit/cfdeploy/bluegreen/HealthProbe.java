package io.cfkit.cfdeploy.bluegreen;

import java.net.URI;

/** Whether an address answers a health check now. */
@FunctionalInterface
public interface HealthProbe {

    boolean healthy(URI url);
}
