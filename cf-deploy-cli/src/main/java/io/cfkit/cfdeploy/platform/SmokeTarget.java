package io.cfkit.cfdeploy.platform;

import java.net.URI;
import java.util.List;

/** Addresses a smoke test reaches an app's instances at; closing removes what the platform made for them. */
public interface SmokeTarget extends AutoCloseable {

    /** One base URI per address to test (per instance locally; the temporary route once on Cloud Foundry). */
    List<URI> urls();

    @Override
    void close();
}
