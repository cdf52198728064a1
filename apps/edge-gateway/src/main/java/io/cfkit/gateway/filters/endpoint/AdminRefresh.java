package io.cfkit.gateway.filters.endpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.netflix.zuul.filters.Endpoint;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.message.http.HttpResponseMessageImpl;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.config.ConfigDiff;
import io.cfkit.gateway.config.ConfigRefresher;
import io.cfkit.gateway.filters.GatewayServices;
import io.cfkit.gateway.http.JsonResponses;
import java.util.concurrent.CompletionException;
import rx.Observable;

/**
 * {@code POST /admin/refresh}: reloads the configuration now and lists what changed, secret values masked, with the
 * configuration version now in force. Routes and traffic policy are applied before it answers, so cf-deploy can rely
 * on the answer. Asynchronous, because the config server call must not block a Netty event loop.
 */
public class AdminRefresh extends Endpoint<HttpRequestMessage, HttpResponseMessage> {

    private final ConfigRefresher refresher;

    public AdminRefresh(GatewayServices services) {
        this.refresher = services.configRefresher();
    }

    @Override
    public Observable<HttpResponseMessage> applyAsync(HttpRequestMessage request) {
        if (!Methods.allowed(request, "POST")) {
            return Observable.just(Methods.notAllowed(request, "POST"));
        }
        return Observable.create(subscriber -> refresher.refreshNow().whenComplete((diff, error) -> {
            subscriber.onNext(
                    error == null ? changes(request, diff, refresher.configVersion()) : failure(request, error));
            subscriber.onCompleted();
        }));
    }

    /**
     * @param configVersion read after the refresh: refreshes run one after another, so it is the version this one
     *     applied or a newer one
     */
    private static HttpResponseMessage changes(HttpRequestMessage request, ConfigDiff diff, String configVersion) {
        ConfigDiff safe = diff.masked();
        ObjectNode body = JsonResponses.JSON.createObjectNode();
        body.put("configVersion", configVersion);
        body.putPOJO("added", safe.added());
        body.putPOJO("changed", safe.changed());
        body.putPOJO("removed", safe.removed());
        body.putPOJO("keys", safe.keys());
        return JsonResponses.json(request, 200, body, ZuulStatusCategory.SUCCESS);
    }

    private static HttpResponseMessage failure(HttpRequestMessage request, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return JsonResponses.json(
                request,
                502,
                JsonResponses.errorBody(502, "refresh failed: " + cause.getMessage(), request.getPath()),
                ZuulStatusCategory.FAILURE_LOCAL);
    }

    @Override
    public HttpResponseMessage getDefaultOutput(HttpRequestMessage request) {
        return HttpResponseMessageImpl.defaultErrorResponse(request);
    }
}
