package io.cfkit.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.filters.Endpoint;
import com.netflix.zuul.filters.ZuulFilter;
import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.filters.http.HttpOutboundSyncFilter;
import com.netflix.zuul.message.Headers;
import com.netflix.zuul.message.http.HttpQueryParams;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpRequestMessageImpl;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.message.http.HttpResponseMessageImpl;
import io.cfkit.gateway.filters.GatewayContext;
import io.cfkit.gateway.filters.endpoint.ErrorResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import rx.Observable;
import rx.schedulers.Schedulers;

/** The filter rules of Zuul that FilterRunner keeps, on plain filters without a server. */
class FilterRunnerTest {

    private final List<String> ran = new ArrayList<>();

    @Test
    void inboundFiltersRunByOrderAndOnlyWhenTheyShouldFilter() {
        FilterRunner runner = new FilterRunner(List.of(
                inbound("third", 30, true), inbound("first", -10, true), inbound("skipped", 0, false),
                new ErrorResponse()));

        runner.inbound(request("/x"));

        assertThat(ran).containsExactly("first", "third");
    }

    @Test
    void aFilterThatStopsTheProcessingLeavesOutTheRestUnlessTheyOverrideIt() {
        HttpInboundSyncFilter stopping = new Inbound("stopping", 0, true) {
            @Override
            public HttpRequestMessage apply(HttpRequestMessage request) {
                super.apply(request);
                request.getContext().stopFilterProcessing();
                return request;
            }
        };
        HttpInboundSyncFilter overriding = new Inbound("overriding", 20, true) {
            @Override
            public boolean overrideStopFilterProcessing() {
                return true;
            }
        };
        FilterRunner runner = new FilterRunner(
                List.of(stopping, inbound("left out", 10, true), overriding, new ErrorResponse()));

        runner.inbound(request("/x"));

        assertThat(ran).containsExactly("stopping", "overriding");
    }

    @Test
    void aFailingFilterSendsTheRequestToTheErrorEndpoint() {
        HttpInboundSyncFilter failing = new Inbound("failing", 0, true) {
            @Override
            public HttpRequestMessage apply(HttpRequestMessage request) {
                throw new IllegalStateException("broken filter");
            }
        };
        FilterRunner runner = new FilterRunner(List.of(failing, new ErrorResponse()));
        HttpRequestMessage request = request("/x");
        request.getContext().setEndpoint(GatewayContext.PROXY_ENDPOINT);

        runner.inbound(request);

        assertThat(FilterRunner.proxied(request.getContext())).isFalse();
        assertThat(answer(runner, request).getStatus()).isEqualTo(500);
    }

    @Test
    void theEndpointNamedInTheContextAnswersAlsoWhenItAnswersLater() throws Exception {
        Endpoint<HttpRequestMessage, HttpResponseMessage> later = new LaterEndpoint();
        FilterRunner runner = new FilterRunner(List.of(later, new ErrorResponse()));
        HttpRequestMessage request = request("/later");
        request.getContext().setEndpoint(LaterEndpoint.class.getName());

        CompletableFuture<HttpResponseMessage> answer = new CompletableFuture<>();
        runner.endpoint(request, answer::complete);

        assertThat(answer.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(202);
    }

    @Test
    void anUnknownEndpointIsAnsweredByTheErrorEndpoint() {
        FilterRunner runner = new FilterRunner(List.of(new ErrorResponse()));
        HttpRequestMessage request = request("/x");
        request.getContext().setEndpoint("no.such.Endpoint");

        assertThat(answer(runner, request).getStatus()).isEqualTo(500);
    }

    @Test
    void outboundFiltersRunByOrderOnTheResponse() {
        FilterRunner runner = new FilterRunner(List.of(
                outbound("second", 20), outbound("first", 10), new ErrorResponse()));
        HttpRequestMessage request = request("/x");
        HttpResponseMessage response = new HttpResponseMessageImpl(request.getContext(), request, 200);

        runner.outbound(response);

        assertThat(ran).containsExactly("first", "second");
        assertThat(response.getHeaders().getAll("X-Ran")).containsExactly("first", "second");
    }

    private static HttpResponseMessage answer(FilterRunner runner, HttpRequestMessage request) {
        AtomicReference<HttpResponseMessage> answer = new AtomicReference<>();
        runner.endpoint(request, answer::set);
        return answer.get();
    }

    private static HttpRequestMessage request(String path) {
        return new HttpRequestMessageImpl(new SessionContext(), "HTTP/1.1", "get", path, new HttpQueryParams(),
                new Headers(), "127.0.0.1", "http", 8080, "localhost");
    }

    private HttpInboundSyncFilter inbound(String name, int order, boolean should) {
        return new Inbound(name, order, should);
    }

    private ZuulFilter<?, ?> outbound(String name, int order) {
        return new HttpOutboundSyncFilter() {
            @Override
            public int filterOrder() {
                return order;
            }

            @Override
            public boolean shouldFilter(HttpResponseMessage response) {
                return true;
            }

            @Override
            public HttpResponseMessage apply(HttpResponseMessage response) {
                ran.add(name);
                response.getHeaders().add("X-Ran", name);
                return response;
            }
        };
    }

    private class Inbound extends HttpInboundSyncFilter {
        private final String name;
        private final int order;
        private final boolean should;

        Inbound(String name, int order, boolean should) {
            this.name = name;
            this.order = order;
            this.should = should;
        }

        @Override
        public int filterOrder() {
            return order;
        }

        @Override
        public boolean shouldFilter(HttpRequestMessage request) {
            return should;
        }

        @Override
        public HttpRequestMessage apply(HttpRequestMessage request) {
            ran.add(name);
            return request;
        }
    }

    /** Answers from another thread, as AdminRefresh does once the config server has. */
    static final class LaterEndpoint extends Endpoint<HttpRequestMessage, HttpResponseMessage> {
        @Override
        public Observable<HttpResponseMessage> applyAsync(HttpRequestMessage request) {
            return Observable.<HttpResponseMessage>fromCallable(
                            () -> new HttpResponseMessageImpl(request.getContext(), request, 202))
                    .subscribeOn(Schedulers.newThread());
        }

        @Override
        public HttpResponseMessage getDefaultOutput(HttpRequestMessage request) {
            return new HttpResponseMessageImpl(request.getContext(), request, 500);
        }
    }
}
