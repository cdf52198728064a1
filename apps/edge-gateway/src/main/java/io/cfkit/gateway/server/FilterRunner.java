package io.cfkit.gateway.server;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.filters.FilterType;
import com.netflix.zuul.filters.ZuulFilter;
import com.netflix.zuul.filters.Endpoint;
import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.filters.http.HttpOutboundSyncFilter;
import com.netflix.zuul.filters.http.HttpSyncEndpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.filters.endpoint.ErrorResponse;
import io.netty.handler.codec.http.HttpContent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the gateway's Zuul filters on a request, with Zuul's rules: inbound filters by order on the request's head,
 * each only if its {@code shouldFilter} says so and no earlier one stopped the processing (unless it overrides
 * that); every body chunk through their {@code processContentChunk}; the endpoint the context names (a local one, or
 * the proxy); the outbound filters by order on the response. A filter that throws sends the request to the error
 * endpoint, as Zuul's runner does.
 */
final class FilterRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FilterRunner.class);

    private final List<HttpInboundSyncFilter> inbound = new ArrayList<>();
    private final List<HttpOutboundSyncFilter> outbound = new ArrayList<>();
    private final Map<String, Endpoint<HttpRequestMessage, HttpResponseMessage>> endpoints = new HashMap<>();
    private final HttpSyncEndpoint errorEndpoint;

    FilterRunner(Collection<? extends ZuulFilter<?, ?>> filters) {
        for (ZuulFilter<?, ?> filter : filters) {
            if (filter.filterType() == FilterType.INBOUND) {
                inbound.add((HttpInboundSyncFilter) filter);
            } else if (filter.filterType() == FilterType.OUTBOUND) {
                outbound.add((HttpOutboundSyncFilter) filter);
            } else {
                @SuppressWarnings("unchecked")
                Endpoint<HttpRequestMessage, HttpResponseMessage> endpoint =
                        (Endpoint<HttpRequestMessage, HttpResponseMessage>) filter;
                endpoints.put(filter.getClass().getName(), endpoint);
            }
        }
        inbound.sort(Comparator.comparingInt(ZuulFilter::filterOrder));
        outbound.sort(Comparator.comparingInt(ZuulFilter::filterOrder));
        errorEndpoint = (HttpSyncEndpoint) endpoints.get(ErrorResponse.class.getName());
        if (errorEndpoint == null) {
            throw new IllegalArgumentException("no " + ErrorResponse.class.getSimpleName() + " among the filters");
        }
    }

    /** The inbound filters on the request's head; they may set an endpoint or a static response in its context. */
    void inbound(HttpRequestMessage request) {
        SessionContext ctx = request.getContext();
        for (HttpInboundSyncFilter filter : inbound) {
            if (skip(ctx, filter)) {
                continue;
            }
            try {
                if (filter.shouldFilter(request)) {
                    filter.apply(request);
                }
            } catch (RuntimeException e) {
                failed(ctx, filter, e);
            }
        }
    }

    /** One chunk of the request's body through the inbound filters; null when one of them took it (and answered). */
    HttpContent bodyChunk(HttpRequestMessage request, HttpContent chunk) {
        SessionContext ctx = request.getContext();
        for (HttpInboundSyncFilter filter : inbound) {
            if (skip(ctx, filter)) {
                continue;
            }
            chunk = filter.processContentChunk(request, chunk);
            if (chunk == null) {
                return null;
            }
        }
        return chunk;
    }

    /** Whether the request goes to a backend, rather than to one of the gateway's own endpoints. */
    static boolean proxied(SessionContext ctx) {
        return !ctx.shouldSendErrorResponse() && GatewayContext.PROXY_ENDPOINT.equals(ctx.getEndpoint());
    }

    /**
     * Gives the answer of the local endpoint the context names to {@code answer}, at once or, for an asynchronous one
     * (the config refresh), from another thread; the error endpoint's if there is none, or if it fails.
     */
    void endpoint(HttpRequestMessage request, Consumer<HttpResponseMessage> answer) {
        SessionContext ctx = request.getContext();
        Endpoint<HttpRequestMessage, HttpResponseMessage> endpoint =
                ctx.shouldSendErrorResponse() ? null : endpoints.get(ctx.getEndpoint());
        try {
            if (endpoint instanceof HttpSyncEndpoint sync) {
                answer.accept(sync.apply(request));
            } else if (endpoint != null) {
                endpoint.applyAsync(request).first().subscribe(answer::accept, error -> {
                    failed(ctx, endpoint, error);
                    answer.accept(errorEndpoint.apply(request));
                });
            } else {
                if (!ctx.shouldSendErrorResponse()) {
                    // No filter failed, yet none chose where the request goes: a gap in the filters, to be seen.
                    LOG.error("No endpoint chosen for {} {}", request.getMethod(), request.getPath());
                }
                answer.accept(errorEndpoint.apply(request));
            }
        } catch (RuntimeException e) {
            failed(ctx, endpoint, e);
            answer.accept(errorEndpoint.apply(request));
        }
    }

    /** The outbound filters on the response, before its head goes to the client. */
    void outbound(HttpResponseMessage response) {
        SessionContext ctx = response.getContext();
        for (HttpOutboundSyncFilter filter : outbound) {
            try {
                if (filter.shouldFilter(response)) {
                    filter.apply(response);
                }
            } catch (RuntimeException e) {
                LOG.error("Outbound filter {} failed", filter.filterName(), e);
                ctx.setError(e);
            }
        }
    }

    private static boolean skip(SessionContext ctx, ZuulFilter<?, ?> filter) {
        return filter.isDisabled() || (ctx.shouldStopFilterProcessing() && !filter.overrideStopFilterProcessing());
    }

    private static void failed(SessionContext ctx, ZuulFilter<?, ?> filter, Throwable e) {
        LOG.error("Filter {} failed", filter == null ? "?" : filter.filterName(), e);
        ctx.setError(e);
        ctx.setShouldSendErrorResponse(true);
    }
}
