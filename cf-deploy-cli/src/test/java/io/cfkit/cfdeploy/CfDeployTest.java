package io.cfkit.cfdeploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's answers to bad input: one line naming the problem, a non-zero exit, nothing started. */
class CfDeployTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void kitHomeIsTheTempFolder() {
        System.setProperty("cfdeploy.home", dir.toString());
    }

    @AfterEach
    void forgetKitHome() {
        System.clearProperty("cfdeploy.home");
    }

    private int run(String... args) {
        CommandLine cli = CfDeploy.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path manifests(String yaml) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(folder.resolve("app.yml"), yaml);
        Files.createDirectories(dir.resolve("config-repo"));
        return folder;
    }

    @Test
    void aMalformedManifestNamesFileAndField() throws IOException {
        Path folder = manifests("""
                applications:
                - name: web
                  path: web.jar
                  memory: lots
                """);

        int exit = run("up", "--manifests", folder.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(exit).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(err.toString()).isEqualTo("cf-deploy: " + folder.resolve("app.yml")
                + ": applications[0].memory: 'lots' is not a size: write it like 512M or 1G\n");
        assertThat(Files.exists(dir.resolve("state/actual.json"))).isFalse();
    }

    @Test
    void aMissingJarThatNoModuleBuildsIsNamed() throws IOException {
        Path folder = manifests("""
                applications:
                - name: web
                  path: nowhere/target/web.jar
                """);

        int exit = run("up", "--manifests", folder.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(exit).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(err.toString()).startsWith("cf-deploy: " + folder.resolve("app.yml") + ": path ")
                .contains("does not exist").endsWith("build the jar or fix the path\n");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void anUndefinedVarIsNamed() throws IOException {
        Path folder = manifests("""
                applications:
                - name: web
                  path: web.jar
                  routes:
                  - route: ((web-route))
                """);

        int exit = run("up", "--manifests", folder.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(exit).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(err.toString()).contains("variables not defined: web-route");
    }

    @Test
    void aNegativeInstanceCountIsRefused() {
        int exit = run("scale", "web", "-i", "-1", "--state-dir", dir.resolve("state").toString());

        assertThat(exit).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(err.toString()).isEqualTo("cf-deploy: instance count -1 is below 0: give 0 or more\n");
    }

    @Test
    void aMissingArgumentGetsOneLineAndAUsageExit() {
        int exit = run("scale", "web");

        assertThat(exit).isEqualTo(CfDeploy.USAGE_ERROR);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("--instances").contains("cf-deploy scale --help");
    }

    @Test
    void aSwitchToAVersionThatIsNoNameGetsOneLineAndChangesNothing() {
        int exit = run("switch", "edge-gateway", "--version", "V2!", "--state-dir", dir.resolve("state").toString());

        assertThat(exit).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(err.toString())
                .isEqualTo("cf-deploy: version 'V2!' is not a name: use lower-case letters, digits and -\n");
        assertThat(dir.resolve("state/rollouts/edge-gateway.json")).doesNotExist();
    }

    @Test
    void aSwitchOnAStoppedKitSaysHowToStartIt() {
        int exit = run("switch", "edge-gateway", "--version", "v2", "-e", "A=b", "--state-dir",
                dir.resolve("state").toString());

        assertThat(exit).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(err.toString()).isEqualTo("cf-deploy: the kit is not running: start it with ./cf-deploy up\n");
    }

    @Test
    void everyCommandTakesHelpBeforeItsRequiredParameters() {
        for (String command : CfDeploy.commandLine().getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue; // picocli's own help command
            }
            out.getBuffer().setLength(0);
            int exit = run(command, "--help");

            assertThat(exit).as(command + " --help").isZero();
            assertThat(out.toString()).as(command + " --help").startsWith("Usage: cf-deploy " + command);
        }
    }

    @Test
    void commandsOnAStoppedKitSayHowToStartIt() {
        int exit = run("apps", "--state-dir", dir.resolve("state").toString());

        assertThat(exit).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(err.toString()).isEqualTo("cf-deploy: the kit is not running: start it with ./cf-deploy up\n");
    }
}
