package io.cfkit.cfdeploy.pipeline;

import java.nio.file.Path;

/**
 * Which stub stands for a resource type on this machine, and where each keeps what it stores: git from the local
 * checkout, semver and s3 (the artefact store) in the runner's store, and a recording stub for any other type.
 */
final class LocalResources {

    private final Path store;

    /** STORE: the runner's folder for this pipeline. */
    LocalResources(Path store) {
        this.store = store;
    }

    ResourceType of(String resource, String type) {
        return switch (type) {
            case "git" -> new GitCheckoutResource();
            case "semver" -> new SemverResource(store.resolve("semver").resolve(resource));
            case "s3" -> new ArtefactStoreResource(store.resolve("s3"));
            default -> new RecordingResource(recordOf(store, resource));
        };
    }

    /** Where the recording stub keeps the puts to RESOURCE. */
    static Path recordOf(Path store, String resource) {
        return store.resolve("recorded").resolve(resource + ".json");
    }
}
