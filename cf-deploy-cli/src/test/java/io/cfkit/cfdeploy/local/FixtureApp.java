package io.cfkit.cfdeploy.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A tiny app for the platform's own tests: it listens on $PORT, answers / with its instance index and
 * /health with 200, or 503 when FIXTURE_HEALTHY=false, so a test can make an app that never gets healthy.
 */
public final class FixtureApp {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv("PORT"));
        boolean healthy = !"false".equals(System.getenv("FIXTURE_HEALTHY"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.createContext("/health", exchange -> reply(exchange, healthy ? 200 : 503, healthy ? "UP" : "DOWN"));
        server.createContext("/", exchange -> reply(exchange, 200, "instance " + System.getenv("CF_INSTANCE_INDEX")
                + " of " + System.getenv("FIXTURE_NAME")));
        server.start();
        System.out.println("fixture listening on " + port);
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
