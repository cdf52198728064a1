package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.ChildProcesses;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The smoke test of {@code deploy}: the user's script run with each address (a non-zero exit fails it), or else a
 * GET of the app's health-check endpoint on each address, which must answer 200.
 */
public final class UrlSmokeTest implements SmokeTest {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    private final Path script;
    private final PrintWriter out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();

    /** @param script null for the health check */
    public UrlSmokeTest(Path script, PrintWriter out) {
        this.script = script;
        this.out = out;
    }

    @Override
    public void run(AppManifest app, List<URI> urls) {
        for (URI url : urls) {
            String address = url.toString().replaceAll("/+$", "");
            if (script != null) {
                runScript(address);
            } else {
                checkHealth(address + app.healthCheckEndpoint());
            }
            out.println("  smoke test passed on " + address);
            out.flush();
        }
    }

    private void runScript(String address) {
        int exit = ChildProcesses.run(new ProcessBuilder(script.toAbsolutePath().toString(), address).inheritIO(),
                SCRIPT_TIMEOUT, "smoke test " + script);
        if (exit != 0) {
            throw new UserError("smoke test " + script + " failed (exit " + exit + ") on " + address);
        }
    }

    private void checkHealth(String url) {
        int status;
        try {
            status = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(HEALTH_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UserError("smoke test: " + url + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("smoke test: interrupted");
        }
        if (status != 200) {
            throw new UserError("smoke test: " + url + " answered " + status);
        }
    }
}
