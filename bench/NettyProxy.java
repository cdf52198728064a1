import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare HTTP/1.1 reverse proxy on Netty, for bench/gateway only: the floor of what any gateway on Netty costs on this
 * machine, measured beside nginx and the kit's gateway as the TCP relay is measured beside the local router. It does
 * what nginx's proxy in the same run is configured to do and nothing more: one backend per listening port, the
 * request's headers passed on without Connection, keep-alive connections to the backend pooled per event loop. No
 * routing, discovery, limits, timeouts or metrics: whatever the kit's gateway costs above this is Zuul's and ours.
 *
 * <p>Run with the gateway's jar on the class path (it holds the same Netty) and the gateway's JVM options:
 * {@code java -cp edge-gateway.jar:CLASSES NettyProxy LISTEN_PORT=BACKEND_PORT ...}. Two worker event loops, epoll,
 * as the gateway's Zuul server on two cores.
 */
public final class NettyProxy {

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0) {
            System.err.println("usage: java NettyProxy LISTEN_PORT=BACKEND_PORT ...");
            System.exit(2);
        }
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        int cores = Runtime.getRuntime().availableProcessors();
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(cores, EpollIoHandler.newFactory());
        List<Channel> servers = new ArrayList<>();
        for (String pair : args) {
            int listenPort = Integer.parseInt(pair.substring(0, pair.indexOf('=')));
            int backendPort = Integer.parseInt(pair.substring(pair.indexOf('=') + 1));
            BackendPool pool = new BackendPool(new InetSocketAddress("127.0.0.1", backendPort));
            servers.add(new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new Frontend(pool));
                        }
                    })
                    .bind("127.0.0.1", listenPort)
                    .sync()
                    .channel());
        }
        System.err.println("NettyProxy listening: " + String.join(" ", args));
        for (Channel server : servers) {
            server.closeFuture().sync();
        }
    }

    /** Idle keep-alive connections to one backend, one queue per event loop, so a request never changes threads. */
    static final class BackendPool {
        final InetSocketAddress address;
        final FastThreadLocal<ArrayDeque<Channel>> idle = new FastThreadLocal<>() {
            @Override
            protected ArrayDeque<Channel> initialValue() {
                return new ArrayDeque<>();
            }
        };

        BackendPool(InetSocketAddress address) {
            this.address = address;
        }
    }

    /** A client connection: each request goes to a pooled backend connection, its body after it. */
    static final class Frontend extends ChannelInboundHandlerAdapter {
        private final BackendPool pool;
        private Channel backend;
        private List<Object> pending;

        Frontend(BackendPool pool) {
            this.pool = pool;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                boolean keepAlive = HttpUtil.isKeepAlive(request);
                request.headers().remove(HttpHeaderNames.CONNECTION);
                acquire(ctx.channel(), keepAlive);
            }
            if (pending != null) {
                pending.add(msg);
            } else if (backend != null) {
                backend.write(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (backend != null && pending == null) {
                backend.flush();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (backend != null) {
                backend.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        void released() {
            backend = null;
        }

        private void acquire(Channel client, boolean keepAlive) {
            ArrayDeque<Channel> idle = pool.idle.get();
            Channel pooled;
            while ((pooled = idle.pollLast()) != null) {
                if (pooled.isActive()) {
                    backend = pooled;
                    pooled.pipeline().get(Backend.class).serve(client, this, keepAlive);
                    return;
                }
            }
            List<Object> waiting = new ArrayList<>(2);
            pending = waiting;
            Backend handler = new Backend(pool);
            handler.serve(client, this, keepAlive);
            new Bootstrap()
                    .group(client.eventLoop())
                    .channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), handler);
                        }
                    })
                    .connect(pool.address)
                    .addListener((ChannelFutureListener) connected -> {
                        pending = null;
                        if (!connected.isSuccess()) {
                            waiting.forEach(ReferenceCountUtil::release);
                            client.close();
                            return;
                        }
                        backend = connected.channel();
                        waiting.forEach(backend::write);
                        backend.flush();
                    });
        }
    }

    /** A backend connection: passes the response to the client it serves, then goes back to its event loop's queue. */
    static final class Backend extends ChannelInboundHandlerAdapter {
        private final BackendPool pool;
        private Channel client;
        private Frontend frontend;
        private boolean keepAlive;
        private boolean reusable;
        private Channel toFlush;

        Backend(BackendPool pool) {
            this.pool = pool;
        }

        void serve(Channel client, Frontend frontend, boolean keepAlive) {
            this.client = client;
            this.frontend = frontend;
            this.keepAlive = keepAlive;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (client == null) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpResponse response) {
                // nginx closes a keep-alive connection after its keepalive_requests: that one is not pooled again.
                reusable = HttpUtil.isKeepAlive(response);
                response.headers().remove(HttpHeaderNames.CONNECTION);
                if (!keepAlive) {
                    response.headers().set(HttpHeaderNames.CONNECTION, "close");
                }
            }
            client.write(msg);
            toFlush = client;
            if (msg instanceof LastHttpContent) {
                if (!keepAlive) {
                    client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                }
                frontend.released();
                client = null;
                frontend = null;
                if (reusable) {
                    pool.idle.get().addLast(ctx.channel());
                } else {
                    ctx.close();
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (toFlush != null) {
                toFlush.flush();
                toFlush = null;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            pool.idle.get().remove(ctx.channel());
            if (client != null) {
                client.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
