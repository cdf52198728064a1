package io.cfkit.cfdeploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The router on real sockets: real backends on loopback, a real client, the Netty relay in between. */
class RouterTest {

    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "router-test-backend");
        t.setDaemon(true);
        return t;
    });
    private final RouterLoops loops = new RouterLoops();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        loops.close();
        threads.shutdownNow();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void relaysEachConnectionToTheRunningInstancesInTurn() throws Exception {
        Backend first = backend("first");
        Backend second = backend("second");
        int port = router(List.of(first.port(), second.port()));

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(ask(port, "hello " + i));
        }

        assertThat(answers).containsExactly("first: hello 0", "second: hello 1", "first: hello 2",
                "second: hello 3");
    }

    @Test
    void aConnectionRefusedByOneInstanceGoesToAnother() throws Exception {
        Backend survivor = backend("survivor");
        Backend killed = backend("killed");
        // the supervisor has not noticed yet: the dead instance is still in the list for a moment
        int port = router(List.of(killed.port(), survivor.port()));
        killed.close();

        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            answers.add(ask(port, "ping"));
        }

        assertThat(answers).containsExactly("survivor: ping");
    }

    @Test
    void withNoInstanceRunningTheConnectionIsClosed() throws Exception {
        Backend gone = backend("gone");
        int port = router(List.of(gone.port()));
        gone.close();

        try (Socket client = connect(port)) {
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void relaysMoreThanFitsInAnyBufferUnchangedBothWays() throws Exception {
        int port = router(List.of(echoBackend()));
        byte[] sent = new byte[16 * 1024 * 1024];
        new Random(42).nextBytes(sent);

        try (Socket client = connect(port)) {
            // write and read at once: an echo backend stops reading when nobody drains its answers
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    client.getOutputStream().write(sent);
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            byte[] received = client.getInputStream().readAllBytes();
            writing.get(30, TimeUnit.SECONDS);

            assertThat(received.length).isEqualTo(sent.length);
            assertThat(sha256(received)).isEqualTo(sha256(sent));
        }
    }

    private int router(List<Integer> backendPorts) throws IOException {
        int port = Supervisor.freePort();
        Router router = new Router(new LocalRoute("web", "127.0.0.1:" + port, port), () -> backendPorts, loops);
        toClose.add(router);
        return port;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    /** One line there, one line back, on a new connection each time, as a client without keep-alive. */
    private static String ask(int port, String line) throws IOException {
        try (Socket socket = connect(port);
                PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            out.println(line);
            return in.readLine();
        }
    }

    private Backend backend(String name) throws IOException {
        Backend backend = new Backend(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        toClose.add(backend);
        threads.execute(() -> backend.serve(socket -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            socket.getOutputStream().write((name + ": " + line + "\n").getBytes(StandardCharsets.UTF_8));
        }, threads));
        return backend;
    }

    private int echoBackend() throws IOException {
        Backend backend = new Backend(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        toClose.add(backend);
        threads.execute(() -> backend.serve(socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            in.transferTo(out);
        }, threads));
        return backend.port();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private interface Conversation {
        void have(Socket socket) throws IOException;
    }

    /** A backend instance: accepts connections until closed, as an app instance does until it is killed. */
    private record Backend(ServerSocket server) implements AutoCloseable {

        int port() {
            return server.getLocalPort();
        }

        void serve(Conversation conversation, ExecutorService threads) {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    threads.execute(() -> {
                        try (socket) {
                            conversation.have(socket);
                        } catch (IOException e) {
                            // the client went away: this conversation is over
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
