package io.cfkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of GETs from a few clients, each request after the previous one's answer, counting
 * every answer that is not a 200. Bounded: it stops by itself after {@link #MAX_DURATION}.
 */
final class SteadyTraffic implements AutoCloseable {

    /** Answers before and after each event: the event must not disturb requests that follow it either. */
    static final int SETTLE_ANSWERS = 50;

    private static final Duration MAX_DURATION = Duration.ofMinutes(3);
    /** Steady, not saturating: on two cores a flood would starve the instances the test restarts. */
    private static final Duration PAUSE = Duration.ofMillis(20);

    private final ScheduledExecutorService clients;
    private final AtomicInteger ok = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong lastOkMillis = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong longestGapMillis = new AtomicLong();
    /** When close() was called; 0 while running. */
    private volatile long stoppedAt;

    SteadyTraffic(URI uri, int clientCount) {
        clients = Executors.newScheduledThreadPool(clientCount, task -> {
            Thread thread = new Thread(task, "steady-traffic");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        for (int c = 0; c < clientCount; c++) {
            // with a fixed delay, each client sends its next request only after the previous one's answer
            clients.scheduleWithFixedDelay(() -> send(http, request), 0, PAUSE.toMillis(), TimeUnit.MILLISECONDS);
        }
        clients.schedule(clients::shutdown, MAX_DURATION.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One step of a test that runs under the traffic: a command, a kill -9, waits. */
    @FunctionalInterface
    interface Event {
        void run() throws Exception;
    }

    /**
     * One event of the short form of bench/zero-downtime (issue 9): steady traffic through the gateway's route, 2
     * clients, {@link #SETTLE_ANSWERS} answers before and after the event; prints the line the benchmark prints
     * and fails on any failed request. The events are spread over the end-to-end classes, each where the kit is
     * already in the state the event needs (see ZeroDowntimeIT for the list).
     */
    static void zeroDowntime(Kit kit, String event, Event action) throws Exception {
        SteadyTraffic traffic = new SteadyTraffic(kit.gateway("/hello/id"), 2);
        try {
            traffic.awaitAnswers(SETTLE_ANSWERS);
            action.run();
            traffic.awaitAnswers(SETTLE_ANSWERS);
        } finally {
            traffic.close();
        }
        System.out.printf("zero-downtime: %-32s sent %5d, failed %3d, longest gap %5d ms%n", event,
                traffic.ok() + traffic.failures().size(), traffic.failures().size(), traffic.longestGapMillis());
        assertThat(traffic.failures()).as(event).isEmpty();
        assertThat(traffic.ok()).as(event).isGreaterThanOrEqualTo(2 * SETTLE_ANSWERS);
    }

    private void send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                ok.incrementAndGet();
                okAt(System.currentTimeMillis());
            } else {
                failures.add(response.statusCode() + " " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failures.add(e.toString());
        }
    }

    /** Returns once {@code count} more requests have been answered 200, so that a test runs its step under load. */
    void awaitAnswers(int count) {
        int target = ok.get() + count;
        await("%d more answered requests".formatted(count)).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> ok.get() >= target);
    }

    int ok() {
        return ok.get();
    }

    /** The longest time without a 200 answer from any client, from the start until now or until close. */
    long longestGapMillis() {
        long end = stoppedAt != 0 ? stoppedAt : System.currentTimeMillis();
        return Math.max(longestGapMillis.get(), end - lastOkMillis.get());
    }

    private void okAt(long now) {
        long gap = now - lastOkMillis.getAndAccumulate(now, Math::max);
        longestGapMillis.accumulateAndGet(gap, Math::max);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        stoppedAt = System.currentTimeMillis();
        clients.shutdown();
        clients.awaitTermination(15, TimeUnit.SECONDS);
    }
}
