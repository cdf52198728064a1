package io.cfkit.cfdeploy.manifest;

import io.cfkit.cfdeploy.UserError;

/** A manifest or vars file that cannot be used; the message names the file, the field and the fault. */
public class ManifestError extends UserError {

    public ManifestError(String file, String problem) {
        super(file + ": " + problem);
    }
}
