package io.cfkit.gateway.filters.endpoint;

import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.stats.status.ZuulStatusCategory;
import io.cfkit.gateway.http.JsonResponses;

/** The method check the gateway's own endpoints share. */
final class Methods {

    private Methods() {}

    static boolean allowed(HttpRequestMessage request, String... methods) {
        for (String method : methods) {
            if (method.equalsIgnoreCase(request.getMethod())) {
                return true;
            }
        }
        return false;
    }

    static HttpResponseMessage notAllowed(HttpRequestMessage request, String allow) {
        HttpResponseMessage response = JsonResponses.json(
                request,
                405,
                JsonResponses.errorBody(405, request.getMethod().toUpperCase() + " not allowed", request.getPath()),
                ZuulStatusCategory.FAILURE_CLIENT_BAD_REQUEST);
        response.getHeaders().set("Allow", allow);
        return response;
    }
}
