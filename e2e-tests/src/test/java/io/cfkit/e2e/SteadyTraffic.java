package io.cfkit.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of GETs from a few clients, each request after the previous one's answer, counting
 * every answer that is not a 200. Bounded: it stops by itself after {@link #MAX_DURATION}.
 */
final class SteadyTraffic implements AutoCloseable {

    private static final Duration MAX_DURATION = Duration.ofMinutes(3);
    /** Steady, not saturating: on two cores a flood would starve the instances the test restarts. */
    private static final Duration PAUSE = Duration.ofMillis(20);

    private final List<Thread> clients = new ArrayList<>();
    private final AtomicInteger ok = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    SteadyTraffic(URI uri, int clientCount) {
        long stopAt = System.currentTimeMillis() + MAX_DURATION.toMillis();
        for (int c = 0; c < clientCount; c++) {
            Thread client = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
                while (running && System.currentTimeMillis() < stopAt) {
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                        Thread.sleep(PAUSE.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "steady-traffic-" + c);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
    }

    int ok() {
        return ok.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(15).toMillis());
        }
    }
}
