package io.cfkit.gateway.server;

import com.netflix.netty.common.channel.config.ChannelConfig;
import com.netflix.netty.common.channel.config.CommonChannelConfigKeys;
import com.netflix.netty.common.metrics.EventLoopGroupMetrics;
import com.netflix.netty.common.proxyprotocol.StripUntrustedProxyHeadersHandler;
import com.netflix.netty.common.status.ServerStatusManager;
import com.netflix.spectator.api.NoopRegistry;
import com.netflix.spectator.api.Registry;
import com.netflix.zuul.BasicRequestCompleteHandler;
import com.netflix.zuul.StaticFilterLoader;
import com.netflix.zuul.context.ZuulSessionContextDecorator;
import com.netflix.zuul.netty.server.BaseServerStartup;
import com.netflix.zuul.netty.server.ClientConnectionsShutdown;
import com.netflix.zuul.netty.server.DefaultEventLoopConfig;
import com.netflix.zuul.netty.server.DirectMemoryMonitor;
import com.netflix.zuul.netty.server.NamedSocketAddress;
import com.netflix.zuul.netty.server.Server;
import io.cfkit.gateway.discovery.EurekaRegistration;
import io.cfkit.gateway.edge.EdgeGuard;
import io.cfkit.gateway.filters.GatewayServices;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Zuul's server wired by hand (the Guice-free shape of Zuul's integration-test Bootstrap): one plain HTTP/1.1
 * listener on the gateway's address and port.
 */
public final class GatewayServerStartup extends BaseServerStartup {

    private final InetSocketAddress listenAddress;
    private final EdgeGuard edge;

    private GatewayServerStartup(
            Registry registry,
            GatewayServices services,
            EurekaRegistration eureka,
            InetSocketAddress listenAddress) {
        super(
                new ServerStatusManager(eureka.infoManager()),
                new StaticFilterLoader(new GatewayFilterFactory(services), GatewayFilters.all()),
                new ZuulSessionContextDecorator(new CachedConfigOrigins(registry)),
                (filter, status) -> {},
                new BasicRequestCompleteHandler(),
                registry,
                new DirectMemoryMonitor(registry),
                new EventLoopGroupMetrics(registry),
                new DefaultEventLoopConfig(),
                eureka.client(),
                eureka.infoManager(),
                // No access log: Zuul builds each line before it checks the log level, and RequestLog logs a
                // request when asked to.
                null);
        this.listenAddress = listenAddress;
        this.edge = services.edge();
    }

    /**
     * Builds the server without BaseServerStartup.init(): that one makes a Server which adds its own JVM shutdown
     * hook, and shutdown hooks run in no order. The gateway must deregister from Eureka before the listener stops,
     * so it keeps the one hook itself.
     */
    public static Server createServer(
            GatewayServices services, EurekaRegistration eureka, InetSocketAddress listenAddress) {
        // Zuul records Spectator meters on every request (filter runs, passport states, connection and event-loop
        // gauges); nothing here reads them. The gateway's own metrics are in TrafficMetrics.
        Registry registry = new NoopRegistry();
        GatewayServerStartup startup = new GatewayServerStartup(registry, services, eureka, listenAddress);
        ChannelGroup clientChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ClientConnectionsShutdown connectionsShutdown =
                new ClientConnectionsShutdown(clientChannels, GlobalEventExecutor.INSTANCE, eureka.client());
        return new Server(
                registry,
                startup.serverStatusManager,
                startup.chooseAddrsAndChannels(clientChannels),
                connectionsShutdown,
                startup.eventLoopGroupMetrics,
                startup.eventLoopConfig,
                null);
    }

    @Override
    protected Map<NamedSocketAddress, ChannelInitializer<?>> chooseAddrsAndChannels(ChannelGroup clientChannels) {
        String name = "main";
        ChannelConfig channelConfig = defaultChannelConfig(name);
        ChannelConfig channelDependencies = defaultChannelDependencies(name);
        // Cloud Foundry's router terminates TLS and adds X-Forwarded-*; it speaks plain HTTP without PROXY protocol.
        channelConfig.set(CommonChannelConfigKeys.allowProxyHeadersWhen, StripUntrustedProxyHeadersHandler.AllowWhen.ALWAYS);
        channelConfig.set(CommonChannelConfigKeys.preferProxyProtocolForClientIp, false);
        channelConfig.set(CommonChannelConfigKeys.isSSlFromIntermediary, false);
        channelConfig.set(CommonChannelConfigKeys.withProxyProtocol, false);

        String metricId = Integer.toString(listenAddress.getPort());
        return Map.of(
                new NamedSocketAddress("http", listenAddress),
                new EdgeChannelInitializer(metricId, channelConfig, channelDependencies, clientChannels, edge));
    }
}
