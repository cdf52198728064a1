package io.cfkit.cfdeploy.commands;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** A new version of an app, as deploy and switch start it beside the live one. */
public final class NewVersionOptions {

    @Option(names = "--version", required = true, paramLabel = "NAME",
            description = "Name of the new version, e.g. green or v1-4-0: lower-case letters, digits and -.")
    String version;

    @Option(names = "--path", paramLabel = "JAR", description = "The new version's jar (default: the one the app's"
            + " manifest names).")
    Path jar;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "An environment variable of the new"
            + " version only.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--smoke", paramLabel = "SCRIPT",
            description = "Run SCRIPT with each address of the new version (each instance's URL locally, a temporary"
                    + " route on Cloud Foundry) before it takes traffic; a non-zero exit fails the command (default:"
                    + " the app's health check answers 200).")
    Path smoke;
}
