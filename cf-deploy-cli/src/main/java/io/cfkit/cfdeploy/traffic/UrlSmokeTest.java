package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.ChildProcesses;
import io.cfkit.cfdeploy.Poller;
import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The smoke test of {@code deploy}: the user's script run with each address (a non-zero exit fails it), or else a
 * GET of the app's health-check endpoint on each address, which must answer 200. A route just created on Cloud
 * Foundry is unknown to the router for a few seconds (404 with {@code X-Cf-Routererror: unknown_route}), and an
 * address may refuse connections until it is served: both are asked again until {@link #ROUTE_WAIT} before judging;
 * any other answer is judged at once.
 */
public final class UrlSmokeTest implements SmokeTest {

    static final Duration ROUTE_WAIT = Duration.ofSeconds(60);
    private static final Duration ASK_AGAIN = Duration.ofSeconds(1);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
    private static final String ROUTER_ERROR = "X-Cf-Routererror";

    private final Path script;
    private final PrintWriter out;
    private final Poller routeWait;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();

    /** @param script null for the health check */
    public UrlSmokeTest(Path script, PrintWriter out) {
        this(script, out, Poller.every(ASK_AGAIN, ROUTE_WAIT));
    }

    UrlSmokeTest(Path script, PrintWriter out, Poller routeWait) {
        this.script = script;
        this.out = out;
        this.routeWait = routeWait;
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

    /** One answer of the health check: a status, or the connection's failure. */
    private record Answer(int status, boolean unknownRoute, IOException failure) {

        /** False while the address is not served yet: the router knows no such route, or nothing listens. */
        boolean served() {
            return !unknownRoute && !(failure instanceof ConnectException);
        }
    }

    private void checkHealth(String url) {
        Answer[] last = new Answer[1];
        boolean served = routeWait.until(() -> {
            last[0] = ask(url);
            return last[0].served();
        });
        Answer answer = last[0];
        String waited = served ? "" : " (still after " + routeWait.timeout().toSeconds() + " s)";
        if (answer.failure() != null) {
            String why = answer.failure().getMessage() != null ? answer.failure().getMessage()
                    : answer.failure().getClass().getSimpleName();
            throw new UserError("smoke test: " + url + " did not answer: " + why + waited);
        }
        if (answer.unknownRoute()) {
            throw new UserError("smoke test: " + url + " answered " + answer.status() + ": the router knows no such"
                    + " route" + waited);
        }
        if (answer.status() != 200) {
            throw new UserError("smoke test: " + url + " answered " + answer.status());
        }
    }

    private Answer ask(String url) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(HEALTH_TIMEOUT)
                    .build(), HttpResponse.BodyHandlers.discarding());
            boolean unknownRoute = response.statusCode() == 404 && response.headers().firstValue(ROUTER_ERROR)
                    .filter("unknown_route"::equalsIgnoreCase).isPresent();
            return new Answer(response.statusCode(), unknownRoute, null);
        } catch (IOException e) {
            return new Answer(0, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("smoke test: interrupted");
        }
    }
}
