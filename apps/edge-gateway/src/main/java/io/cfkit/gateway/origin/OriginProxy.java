package io.cfkit.gateway.origin;

import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.discovery.DiscoveryResult;
import com.netflix.zuul.exception.OutboundErrorType;
import com.netflix.zuul.exception.OutboundException;
import com.netflix.zuul.message.Header;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.niws.RequestAttempt;
import com.netflix.zuul.niws.RequestAttempts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a routed request to an instance of its ribbon client (the context's route VIP, set by RouteSelection and
 * VersionSelection) and hands the response on. A refused or timed-out connection is tried on the next instance the
 * client's rule picks, up to {@code MaxAutoRetriesNextServer} more times; so is a reset, a close or a read timeout
 * before the response began, for methods that may be repeated. Each attempt is recorded in the context as Zuul's
 * {@code RequestAttempts} (VersionMetrics reads which instance answered).
 */
public final class OriginProxy {

    private static final Logger LOG = LoggerFactory.getLogger(OriginProxy.class);

    /** The methods that may be sent twice: what Zuul's ProxyEndpoint retries after a reset or a read timeout. */
    private static final Set<String> REPEATABLE = Set.of("GET", "HEAD", "OPTIONS");

    private final OriginClients clients;
    private final OriginConnections connections;

    public OriginProxy(OriginClients clients, OriginConnections connections) {
        this.clients = clients;
        this.connections = connections;
    }

    /**
     * Proxies the request, its whole body given, on the event loop of its client connection; the body is released
     * when the request is over.
     */
    public void send(HttpRequestMessage request, ByteBuf body, EventLoop loop, ProxyListener listener) {
        new Exchange(clients.get(request.getContext().getRouteVIP()), request, body, loop, listener).start();
    }

    private final class Exchange implements OriginResponseListener {
        private final OriginClient client;
        private final String method;
        private final String uri;
        private final HttpHeaders headers;
        private final ByteBuf body;
        private final EventLoop loop;
        private final ProxyListener listener;
        private final RequestAttempts attempts = new RequestAttempts();
        private DiscoveryResult server;
        private RequestAttempt attempt;
        private long attemptStart;
        private boolean responding;
        private boolean admitted;
        private boolean released;

        Exchange(OriginClient client, HttpRequestMessage request, ByteBuf body, EventLoop loop,
                ProxyListener listener) {
            this.client = client;
            this.method = request.getMethod().toUpperCase(Locale.ROOT);
            this.uri = request.getPathAndQuery();
            this.headers = originHeaders(request, body.readableBytes());
            this.body = body;
            this.loop = loop;
            this.listener = listener;
            request.getContext().put(CommonContextKeys.REQUEST_ATTEMPTS, attempts);
        }

        void start() {
            admitted = client.admit();
            if (!admitted) {
                finish(OutboundErrorType.ORIGIN_CONCURRENCY_EXCEEDED, null);
                return;
            }
            tryNext();
        }

        private void tryNext() {
            server = client.choose();
            if (server == DiscoveryResult.EMPTY || server == null) {
                finish(OutboundErrorType.NO_AVAILABLE_SERVERS, null);
                return;
            }
            attempt = new RequestAttempt(
                    server, null, client.config(), attempts.size() + 1, (int) client.readTimeout().toMillis());
            attempts.add(attempt);
            attemptStart = System.nanoTime();
            InetSocketAddress address = new InetSocketAddress(server.getIPAddr().orElse(server.getHost()),
                    server.getPort());
            OriginConnection pooled = connections.pooled(address);
            if (pooled != null) {
                sendOn(pooled);
                return;
            }
            ChannelFuture connecting = connections.connect(loop, address, client.connectTimeoutMillis(),
                    client.idleTimeout(), client.maxRequestsPerConnection());
            connecting.addListener(connected -> {
                if (connected.isSuccess()) {
                    server.clearSuccessiveConnectionFailureCount();
                    sendOn(connecting.channel().pipeline().get(OriginConnection.class));
                } else {
                    // Counted by ribbon: at the client's threshold the instance is skipped for a while.
                    server.incrementSuccessiveConnectionFailureCount();
                    retryOrFinish(connected.cause(), OutboundErrorType.CONNECT_ERROR, true);
                }
            });
        }

        private void sendOn(OriginConnection connection) {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri,
                    body.retainedDuplicate(), headers, EmptyHttpHeaders.INSTANCE);
            connection.send(request, client.readTimeout(), this);
        }

        @Override
        public void head(HttpResponse response) {
            responding = true;
            attempt.complete(response.status().code(), elapsedMillis(), null);
            listener.head(response);
        }

        @Override
        public void content(HttpContent content) {
            boolean last = content instanceof LastHttpContent;
            listener.content(content);
            if (last) {
                release();
            }
        }

        @Override
        public void failed(Throwable cause) {
            if (responding) {
                attempt.setException(cause);
                release();
                listener.failed(new OutboundException(OutboundErrorType.RESET_CONNECTION, attempts, cause));
                return;
            }
            OutboundErrorType type = cause instanceof ReadTimeoutException
                    ? OutboundErrorType.READ_TIMEOUT
                    : OutboundErrorType.RESET_CONNECTION;
            retryOrFinish(cause, type, REPEATABLE.contains(method));
        }

        private void retryOrFinish(Throwable cause, OutboundErrorType type, boolean repeatable) {
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
                type = OutboundErrorType.CONNECT_ERROR;
            }
            // Recorded with its type, as Zuul records it: VersionMetrics counts the CONNECT_ERRORs.
            attempt.complete(-1, elapsedMillis(), new OutboundException(type, attempts, cause));
            if (repeatable && attempts.size() <= client.retriesOnNextServer()) {
                tryNext();
                return;
            }
            finish(type, cause);
        }

        private void finish(OutboundErrorType type, Throwable cause) {
            // One kind of line per error type, so the log limit (RepeatedLogLimit) counts each kind on its own.
            LOG.warn("Request to {} failed after {} attempt(s): " + type.name(), client.name(), attempts.size());
            release();
            listener.failed(cause == null
                    ? new OutboundException(type, attempts)
                    : new OutboundException(type, attempts, cause));
        }

        private void release() {
            if (!released) {
                released = true;
                body.release();
                if (admitted) {
                    client.done();
                }
            }
        }

        private long elapsedMillis() {
            return (System.nanoTime() - attemptStart) / 1_000_000;
        }
    }

    /**
     * The request's headers as the filters left them, framed for the whole body it now has: the client's
     * Transfer-Encoding is gone, since the body was read whole.
     */
    private static HttpHeaders originHeaders(HttpRequestMessage request, int bodyLength) {
        HttpHeaders headers = new DefaultHttpHeaders(false);
        for (Header header : request.getHeaders().entries()) {
            headers.add(header.getKey(), header.getValue());
        }
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        if (bodyLength > 0 || headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, bodyLength);
        }
        return headers;
    }
}
