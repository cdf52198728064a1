package io.cfkit.cfdeploy.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The local stand-in for the Cloud Foundry router, for one route: listens on the route's loopback port and
 * relays each connection to one of the app's running instances, round-robin. It works at the TCP level,
 * so a kept-alive HTTP connection stays with the instance it was first relayed to.
 */
final class Router implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final LocalRoute route;
    private final Supplier<List<Integer>> backendPorts;
    private final ExecutorService pumps;
    private final AtomicInteger next = new AtomicInteger();
    private final ServerSocket server;

    Router(LocalRoute route, Supplier<List<Integer>> backendPorts, ExecutorService pumps) throws IOException {
        this.route = route;
        this.backendPorts = backendPorts;
        this.pumps = pumps;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), route.port()), 128);
        Thread acceptor = new Thread(this::accept, "router-" + route.port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    LocalRoute route() {
        return route;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pumps.execute(() -> relay(client));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    /** Tries each running instance once, starting at the next in turn; no instance closes the connection. */
    private void relay(Socket client) {
        List<Integer> ports = backendPorts.get();
        int start = next.getAndIncrement();
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(Math.floorMod(start + i, ports.size()));
            Socket backend = new Socket();
            try {
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        CONNECT_TIMEOUT_MILLIS);
            } catch (IOException refused) {
                closeQuietly(backend);
                continue;
            }
            pumps.execute(() -> pump(backend, client));
            pump(client, backend);
            return;
        }
        closeQuietly(client);
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException closed) {
            // the other side went away: closing both ends below is all there is to do
        } catch (IOException e) {
            // same as above
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
