package io.cfkit.cfdeploy.cf;

/** What the command line says about the foundation; nulls mean "from the cf CLI's login". */
public record CfTargetOptions(String api, String org, String space, boolean skipSslValidation) {
}
