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
 * A backend that keeps its connections open and counts them: how many the gateway opened, and how many it closed, so
 * a test sees the gateway's connection pool reuse a connection and close it when idle.
 */
public final class KeepAliveBackend implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closedByGateway = new AtomicInteger();

    private KeepAliveBackend() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "keep-alive-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static KeepAliveBackend start() throws IOException {
        return new KeepAliveBackend();
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

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                opened.incrementAndGet();
                Thread t = new Thread(() -> serve(socket), "keep-alive-backend-conn");
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
            byte[] body = "keep-alive".getBytes(StandardCharsets.UTF_8);
            while (RawHttp.readHead(in) != null) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
            closedByGateway.incrementAndGet();
        } catch (IOException e) {
            // Reset rather than closed: not counted as a close.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
