package io.cfkit.cfdeploy.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny app for the platform's own tests: it listens on $PORT, answers / with its instance index and
 * /health with 200, or 503 when FIXTURE_HEALTHY=false, so a test can make an app that never gets healthy.
 *
 * <p>A test can also break an app that is already deployed, for its next instances: a file named after the app in
 * the folder FIXTURE_FAULTS holds {@code crash} (the instance exits at once) or {@code unhealthy} (its /health
 * answers 503). The app's name is the one the platform gives it in VCAP_APPLICATION, so a copy of the manifest
 * pushed under another name is not broken with it.
 */
public final class FixtureApp {

    /** What a test writes into FIXTURE_FAULTS/APP_NAME. */
    public static final String CRASH = "crash";
    public static final String UNHEALTHY = "unhealthy";

    private static final Pattern APP_NAME = Pattern.compile("\"application_name\":\"([^\"]+)\"");

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv("PORT"));
        String fault = fault();
        if (CRASH.equals(fault)) {
            System.out.println("fixture crashing on purpose");
            System.exit(1);
        }
        boolean healthy = !"false".equals(System.getenv("FIXTURE_HEALTHY")) && !UNHEALTHY.equals(fault);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.createContext("/health", exchange -> reply(exchange, healthy ? 200 : 503, healthy ? "UP" : "DOWN"));
        server.createContext("/", exchange -> reply(exchange, 200, "instance " + System.getenv("CF_INSTANCE_INDEX")
                + " of " + System.getenv("FIXTURE_NAME")));
        server.start();
        System.out.println("fixture listening on " + port);
    }

    private static String fault() throws IOException {
        String faults = System.getenv("FIXTURE_FAULTS");
        Matcher name = APP_NAME.matcher(String.valueOf(System.getenv("VCAP_APPLICATION")));
        if (faults == null || !name.find()) {
            return null;
        }
        Path file = Path.of(faults, name.group(1));
        return Files.exists(file) ? Files.readString(file).trim() : null;
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
