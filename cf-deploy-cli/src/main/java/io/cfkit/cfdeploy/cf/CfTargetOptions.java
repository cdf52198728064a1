package io.cfkit.cfdeploy.cf;

/**
 * What the command line says about the foundation; nulls mean "from the cf CLI's login".
 *
 * @param dryRun print each call that would change something instead of making it
 */
public record CfTargetOptions(String api, String org, String space, boolean skipSslValidation, boolean dryRun) {
}
