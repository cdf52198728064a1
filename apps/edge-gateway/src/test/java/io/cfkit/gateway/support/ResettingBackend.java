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
 * A backend that dies mid-request the way a killed process does: it answers the first request on each connection
 * (so the gateway pools the connection) and resets the connection (RST) on the second.
 */
public final class ResettingBackend implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger resets = new AtomicInteger();
    private final Thread acceptor;

    private ResettingBackend() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "resetting-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ResettingBackend start() throws IOException {
        return new ResettingBackend();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int resets() {
        return resets.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "resetting-backend-conn");
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
            RawHttp.readHead(in);
            byte[] body = "reset-backend first".getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            if (RawHttp.readHead(in) == null) {
                return;
            }
            resets.incrementAndGet();
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // The gateway closed the connection; nothing to do.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
