package io.cfkit.cfdeploy.bluegreen;

import io.cfkit.cfdeploy.ChildProcesses;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.traffic.SmokeTest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The smoke tests a switch runs on the new app before it takes any traffic. */
public final class SmokeTests {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);

    private SmokeTests() {
    }

    /** The app's health-check endpoint answers 2xx at each address. */
    public static SmokeTest health(HealthProbe probe) {
        return (app, urls) -> {
            for (URI url : urls) {
                URI health = healthUrl(url, app.healthCheckEndpoint());
                if (!probe.healthy(health)) {
                    throw new UserError("smoke test: " + health + " did not answer 2xx");
                }
            }
        };
    }

    /** SCRIPT exits 0 when run with each address as its argument. */
    public static SmokeTest script(Path script) {
        return (app, urls) -> {
            for (URI url : urls) {
                int exit = ChildProcesses.run(new ProcessBuilder(script.toAbsolutePath().toString(), url.toString())
                        .inheritIO(), SCRIPT_TIMEOUT, "smoke test " + script);
                if (exit != 0) {
                    throw new UserError("smoke test " + script + " failed (exit " + exit + ") on " + url);
                }
            }
        };
    }

    /** The health-check endpoint under a base address ({@code http://host:port} or a route with a path). */
    static URI healthUrl(URI base, String endpoint) {
        String path = endpoint == null || endpoint.isBlank() ? "/" : endpoint;
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text)
                + (path.startsWith("/") ? path : "/" + path));
    }
}
