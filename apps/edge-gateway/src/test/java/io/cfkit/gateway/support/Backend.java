package io.cfkit.gateway.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend instance: answers every request with {@code <name> <path>[?<query>]} (plus the method and body size
 * when there is a body), optionally after a delay or with an error status, so a test sees which instance got what
 * from the gateway.
 */
public final class Backend implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean stopped;

    private Backend(String name, long delayMillis, int status) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "backend-" + name);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                String query = exchange.getRequestURI().getRawQuery();
                byte[] received = exchange.getRequestBody().readAllBytes();
                String body = name + " " + exchange.getRequestURI().getRawPath() + (query != null ? "?" + query : "")
                        + (received.length > 0 ? " " + exchange.getRequestMethod() + " " + received.length + " bytes" : "");
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public static Backend start(String name) throws IOException {
        return new Backend(name, 0, 200);
    }

    public static Backend startSlow(String name, long delayMillis) throws IOException {
        return new Backend(name, delayMillis, 200);
    }

    /** Answers every request with {@code status}, like a broken release. */
    public static Backend startFailing(String name, int status) throws IOException {
        return new Backend(name, 0, status);
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    /** Stops listening and drops open connections at once, like a killed process. */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
