package io.cfkit.cfdeploy.cf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * cf-deploy as a user runs it: its own JVM, with the environment given (CF_HOME, CF_USERNAME, CONFIG_REPO_URI, ...)
 * and none of this machine's CF_*, CONFIG_REPO_* and kit credential variables, so the cf login is read from where the
 * cf CLI keeps it, the config repository is the one the test names, and a credential missing from the app
 * environment the test gives is missing, not taken from a developer's shell that sourced a local kit's
 * credentials.env. Stopped if it has not finished within a minute.
 */
public final class CfDeployProcess {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    public record Result(int exit, String out, String err) {

        public List<String> lines() {
            List<String> lines = new ArrayList<>(out.lines().toList());
            lines.addAll(err.lines().toList());
            return lines;
        }
    }

    private CfDeployProcess() {
    }

    public static Result run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-Dcfdeploy.home=" + workDir, "-cp", System.getProperty("java.class.path"), "io.cfkit.cfdeploy.CfDeploy"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CF_") || k.startsWith("CONFIG_REPO_")
                || k.startsWith("CONFIG_SERVER_") || k.startsWith("EUREKA_") || k.startsWith("ADMIN_"));
        builder.environment().put("HOME", workDir.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("cf-deploy " + String.join(" ", args) + " did not finish within 60 s");
            }
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
