package io.cfkit.gateway.server;

import com.netflix.client.config.DefaultClientConfigImpl;
import com.netflix.client.config.IClientConfig;
import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.netty.timeouts.OriginTimeoutManager;
import com.netflix.zuul.origins.NettyOrigin;

/**
 * Zuul's rule for an origin's read timeout (the origin's, or a filter's override for the request, capped by
 * {@code zuul.origin.readtimeout.max}), without the per-request configuration Zuul makes when no filter set an
 * override: a new ribbon configuration of three maps for every request, stored in the request's context where
 * nothing else reads it, and asked for its read timeout through ribbon's debug line. The gateway's filters set no
 * override, so every request is answered by the one empty configuration here.
 */
final class OriginReadTimeout extends OriginTimeoutManager {

    /** What a new ribbon configuration answers for every key: nothing. */
    private static final IClientConfig NO_OVERRIDES = new DefaultClientConfigImpl() {
        @Override
        protected Object getProperty(String key) {
            return null;
        }
    };

    OriginReadTimeout(NettyOrigin origin) {
        super(origin);
    }

    @Override
    protected IClientConfig getRequestClientConfig(HttpRequestMessage request) {
        IClientConfig overrides = (IClientConfig) request.getContext().get(CommonContextKeys.REST_CLIENT_CONFIG);
        return overrides != null ? overrides : NO_OVERRIDES;
    }
}
