package io.cfkit.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 as bytes on a socket: for requests no well-behaved client would send (dot segments, raw NULs, two Hosts,
 * conflicting framing, endless headers). Every read has a timeout, so a gateway that neither answers nor closes
 * fails the test instead of holding it.
 */
public final class RawHttp {

    /** No status line arrived before the connection closed. */
    public static final int CLOSED = -1;

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    /**
     * @param status the status code, or {@link #CLOSED}
     * @param headers with lower-case names
     * @param closed whether the gateway closed the connection after the response
     */
    public record Response(int status, Map<String, String> headers, String body, boolean closed) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {}

    public static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    /**
     * Sends {@code request} (ISO-8859-1, so every char is one byte) on a new connection and reads the answer; with
     * {@code checkClosed}, also whether the gateway closes the connection after it (which takes up to two seconds
     * to tell when it does not).
     */
    public static Response exchange(int port, String request, boolean checkClosed) throws IOException {
        try (Socket socket = connect(port)) {
            send(socket, request);
            return read(socket, checkClosed);
        }
    }

    public static void send(Socket socket, String bytes) throws IOException {
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /**
     * Reads one response; with {@code checkClosed}, then waits up to two seconds to see whether the gateway closes
     * the connection.
     */
    public static Response read(Socket socket, boolean checkClosed) throws IOException {
        InputStream in = socket.getInputStream();
        String head;
        try {
            head = readHead(in);
        } catch (IOException reset) {
            return new Response(CLOSED, Map.of(), "", true);
        }
        if (head == null) {
            return new Response(CLOSED, Map.of(), "", true);
        }
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.put(name, lines[i].substring(colon + 1).trim());
        }
        String body;
        if (status / 100 == 1) {
            body = "";
        } else if (headers.containsKey("content-length")) {
            body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked(in);
        } else {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean closed = checkClosed && isClosed(socket);
        return new Response(status, headers, body, closed);
    }

    /** Whether the other side closes the connection within two seconds. */
    public static boolean isClosed(Socket socket) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(2000);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** A request's or response's head, up to the empty line; null if the connection closed before a byte came. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed in the middle of a response head");
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private static String readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                readLine(in);
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
