package io.cfkit.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on a plain socket, for what the gateway does with its connections: it counts the connections the gateway
 * opened and closed, and can die mid-request the way a killed process does.
 */
public final class SocketBackend implements AutoCloseable {

    private static final byte[] BODY = "socket-backend".getBytes(StandardCharsets.UTF_8);

    private final ServerSocket server;
    private final boolean resetOnSecondRequest;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closedByGateway = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();

    private SocketBackend(boolean resetOnSecondRequest) throws IOException {
        this.resetOnSecondRequest = resetOnSecondRequest;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "socket-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers every request, and keeps the connection open until the gateway closes it. */
    public static SocketBackend keepingAlive() throws IOException {
        return new SocketBackend(false);
    }

    /** Answers the first request on each connection (so the gateway pools it) and resets it (RST) on the second. */
    public static SocketBackend resettingOnSecondRequest() throws IOException {
        return new SocketBackend(true);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int opened() {
        return opened.get();
    }

    public int closedByGateway() {
        return closedByGateway.get();
    }

    public int resets() {
        return resets.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                opened.incrementAndGet();
                Thread t = new Thread(() -> serve(socket), "socket-backend-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int answered = 0;
            while (RawHttp.readHead(in) != null) {
                if (resetOnSecondRequest && answered == 1) {
                    resets.incrementAndGet();
                    socket.setSoLinger(true, 0);
                    return;
                }
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(BODY);
                out.flush();
                answered++;
            }
            closedByGateway.incrementAndGet();
        } catch (IOException e) {
            // Reset by the gateway: not counted as a close.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
