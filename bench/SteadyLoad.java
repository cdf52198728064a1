import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A steady stream of GETs for bench/zero-downtime, run with {@code java bench/SteadyLoad.java URL CLIENTS PAUSE_MS
 * OUTPUT}: each client sends its next request after the previous answer and a pause, and every answer becomes
 * one line "epoch-millis status" in OUTPUT (status -1 for a request that got no answer, with the reason), so the
 * script can count sent and failed requests and the longest time without a 200 between any two moments.
 * Steady rather than saturating: on two cores a flood would starve the instances the run restarts.
 */
public final class SteadyLoad {

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java SteadyLoad.java URL CLIENTS PAUSE_MS OUTPUT");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        long pauseMillis = Long.parseLong(args[2]);
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
                while (true) {
                    String line;
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        line = System.currentTimeMillis() + " " + response.statusCode()
                                + (response.statusCode() == 200 ? "" : " " + oneLine(response.body()));
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        line = System.currentTimeMillis() + " -1 " + oneLine(e.toString());
                    }
                    answers.add(line);
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "client-" + c);
            client.setDaemon(true);
            client.start();
        }

        // Lines reach the file within a second, so the script reads a complete record once it stops this JVM.
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[3]), StandardCharsets.UTF_8)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                synchronized (out) {
                    try {
                        drain(answers, out);
                    } catch (IOException ignored) {
                        // the JVM is going away; what was written is what the run has
                    }
                }
            }));
            while (true) {
                String first = answers.poll(1, TimeUnit.SECONDS);
                synchronized (out) {
                    if (first != null) {
                        out.write(first);
                        out.newLine();
                    }
                    drain(answers, out);
                }
            }
        }
    }

    private static void drain(BlockingQueue<String> answers, BufferedWriter out) throws IOException {
        for (String line = answers.poll(); line != null; line = answers.poll()) {
            out.write(line);
            out.newLine();
        }
        out.flush();
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) : flat;
    }
}
