package io.cfkit.gateway.origin;

import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.discovery.DiscoveryResult;
import com.netflix.zuul.exception.OutboundErrorType;
import com.netflix.zuul.exception.OutboundException;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.niws.RequestAttempt;
import com.netflix.zuul.niws.RequestAttempts;
import io.cfkit.gateway.http.HeaderCopies;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
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
import java.util.ArrayDeque;
import java.util.HashSet;
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
     * Proxies a request whose whole body is given (empty for most), on the event loop of its client connection; the
     * body is released when the request is over. It can be sent again to another instance.
     */
    public void send(HttpRequestMessage request, ByteBuf body, Channel client, ProxyListener listener) {
        new Exchange(request, body, body.readableBytes(), client, listener).start();
    }

    /**
     * Proxies a request with a {@code Content-Length} whose body follows through the returned {@link RequestBody}, as
     * it arrives: streamed, not held, so an upload costs the gateway only what is in flight. Once a part of the body
     * went to an instance, the request is not tried on another.
     */
    public RequestBody stream(HttpRequestMessage request, long contentLength, Channel client, ProxyListener listener) {
        Exchange exchange = new Exchange(request, null, contentLength, client, listener);
        exchange.start();
        return exchange;
    }

    private final class Exchange implements OriginResponseListener, RequestBody {
        private final OriginClient client;
        private final String method;
        private final String uri;
        private final HttpHeaders headers;
        private final Channel clientChannel;
        private final ProxyListener listener;
        private final RequestAttempts attempts = new RequestAttempts();
        private final Set<String> tried = new HashSet<>(2);
        /** The whole body, when it was given at once; else null, and the parts not yet sent are in {@link #unsent}. */
        private final ByteBuf whole;
        private final ArrayDeque<HttpContent> unsent = new ArrayDeque<>();
        private OriginConnection connection;
        private boolean bodyStarted;
        private boolean clientPaused;
        private DiscoveryResult server;
        private RequestAttempt attempt;
        private long attemptStart;
        private boolean responding;
        private boolean admitted;
        private boolean over;

        Exchange(HttpRequestMessage request, ByteBuf whole, long bodyLength, Channel clientChannel,
                ProxyListener listener) {
            this.client = clients.get(request.getContext().getRouteVIP());
            this.whole = whole;
            this.method = request.getMethod().toUpperCase(Locale.ROOT);
            this.uri = request.getPathAndQuery();
            this.headers = originHeaders(request, bodyLength);
            this.clientChannel = clientChannel;
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
            server = chooseUntried();
            if (server == DiscoveryResult.EMPTY || server == null) {
                finish(OutboundErrorType.NO_AVAILABLE_SERVERS, null);
                return;
            }
            attempt = new InstanceAttempt(
                    server, client.config(), attempts.size() + 1, (int) client.readTimeout().toMillis());
            attempts.add(attempt);
            tried.add(server.getServerId());
            attemptStart = System.nanoTime();
            InetSocketAddress address =
                    new InetSocketAddress(server.getIPAddr().orElse(server.getHost()), server.getPort());
            OriginConnection pooled = connections.pooled(address);
            if (pooled != null) {
                sendOn(pooled);
                return;
            }
            ChannelFuture connecting = connections.connect(clientChannel.eventLoop(), address,
                    client.connectTimeoutMillis(), client.idleTimeout(), client.maxRequestsPerConnection());
            connecting.addListener(connected -> {
                if (over) {
                    connecting.channel().close();
                } else if (connected.isSuccess()) {
                    server.clearSuccessiveConnectionFailureCount();
                    sendOn(connecting.channel().pipeline().get(OriginConnection.class));
                } else {
                    // Counted by ribbon: at the client's threshold the instance is skipped for a while.
                    server.incrementSuccessiveConnectionFailureCount();
                    retryOrFinish(connected.cause(), OutboundErrorType.CONNECT_ERROR);
                }
            });
        }

        /**
         * The client's next instance, one not tried yet for this request if the rule offers one within a few turns:
         * after a backend is killed, its other connections in the pool close only as their events are read, and the
         * rule may pick it again before ribbon knows.
         */
        private DiscoveryResult chooseUntried() {
            DiscoveryResult chosen = client.choose();
            for (int turn = 0; turn < 3 && chosen != null && chosen != DiscoveryResult.EMPTY
                    && tried.contains(chosen.getServerId()); turn++) {
                chosen = client.choose();
            }
            return chosen;
        }

        private void sendOn(OriginConnection origin) {
            origin.begin(this, client.readTimeout());
            HttpMethod httpMethod = HttpMethod.valueOf(method);
            if (whole != null) {
                origin.write(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, httpMethod, uri,
                        whole.retainedDuplicate(), headers, EmptyHttpHeaders.INSTANCE));
                return;
            }
            connection = origin;
            origin.write(new DefaultHttpRequest(HttpVersion.HTTP_1_1, httpMethod, uri, headers));
            HttpContent part;
            while ((part = unsent.poll()) != null) {
                sendPart(part);
            }
        }

        @Override
        public void write(HttpContent part) {
            if (over) {
                part.release();
            } else if (connection == null) {
                unsent.add(part);
            } else {
                sendPart(part);
            }
        }

        private void sendPart(HttpContent part) {
            bodyStarted = true;
            connection.write(part);
            if (!connection.writable()) {
                // The backend reads slower than the client sends: the client waits (see writable()).
                clientPaused = true;
                clientChannel.config().setAutoRead(false);
            }
        }

        @Override
        public void writable() {
            resumeClient();
        }

        private void resumeClient() {
            if (clientPaused) {
                clientPaused = false;
                clientChannel.config().setAutoRead(true);
            }
        }

        @Override
        public void abort() {
            if (over) {
                return;
            }
            OriginConnection sending = connection;
            release();
            if (sending != null) {
                sending.abort();
            }
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
            connection = null;
            if (responding) {
                attempt.setException(cause);
                release();
                listener.failed(new OutboundException(OutboundErrorType.RESET_CONNECTION, attempts, cause));
                return;
            }
            OutboundErrorType type = cause instanceof ReadTimeoutException
                    ? OutboundErrorType.READ_TIMEOUT
                    : OutboundErrorType.RESET_CONNECTION;
            retryOrFinish(cause, type);
        }

        private void retryOrFinish(Throwable cause, OutboundErrorType type) {
            boolean connectFailure = cause instanceof ConnectException || cause instanceof ConnectTimeoutException;
            if (connectFailure) {
                type = OutboundErrorType.CONNECT_ERROR;
            }
            // Recorded with its type, as Zuul records it: VersionMetrics counts the CONNECT_ERRORs.
            attempt.complete(-1, elapsedMillis(), new OutboundException(type, attempts, cause));
            // Nothing was sent on a connection that never opened; else only a request that may be repeated, and
            // whose body was not partly sent already, goes to another instance.
            boolean again = connectFailure || (REPEATABLE.contains(method) && !bodyStarted);
            if (again && !over && attempts.size() <= client.retriesOnNextServer()) {
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

        /** The request is over, one way or another: what it holds goes back. */
        private void release() {
            if (over) {
                return;
            }
            over = true;
            connection = null;
            if (whole != null) {
                whole.release();
            }
            HttpContent part;
            while ((part = unsent.poll()) != null) {
                part.release();
            }
            if (admitted) {
                client.done();
            }
            resumeClient();
        }

        private long elapsedMillis() {
            return (System.nanoTime() - attemptStart) / 1_000_000;
        }
    }

    /**
     * The request's headers as the filters left them, framed for the whole body it now has: the client's
     * Transfer-Encoding is gone, since the body was read whole.
     */
    private static HttpHeaders originHeaders(HttpRequestMessage request, long bodyLength) {
        HttpHeaders headers = HeaderCopies.toNetty(request.getHeaders());
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        if (bodyLength > 0 || headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, bodyLength);
        }
        return headers;
    }
}
