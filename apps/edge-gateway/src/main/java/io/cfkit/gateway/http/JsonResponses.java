package io.cfkit.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.netflix.zuul.message.http.HttpRequestInfo;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.message.http.HttpResponseMessageImpl;
import com.netflix.zuul.stats.status.StatusCategory;
import com.netflix.zuul.stats.status.StatusCategoryUtils;

/**
 * Responses the gateway answers itself. Every one has a complete body with a Content-Length: a response left
 * without its last chunk makes clients hang.
 */
public final class JsonResponses {

    public static final ObjectMapper JSON = new ObjectMapper();

    private JsonResponses() {}

    public static HttpResponseMessage json(
            HttpRequestMessage request, int status, Object body, StatusCategory category) {
        HttpResponseMessage response = new HttpResponseMessageImpl(request.getContext(), request, status);
        writeJson(response, body);
        // Local answers never pass the proxy, which is what normally records the outcome.
        StatusCategoryUtils.setStatusCategory(request.getContext(), category);
        return response;
    }

    /** A non-JSON answer, such as the Prometheus text format. */
    public static HttpResponseMessage text(
            HttpRequestMessage request, int status, String contentType, String body, StatusCategory category) {
        HttpResponseMessage response = new HttpResponseMessageImpl(request.getContext(), request, status);
        response.getHeaders().set("Content-Type", contentType);
        response.getHeaders().set("Cache-Control", "no-store");
        response.setBodyAsText(body);
        StatusCategoryUtils.setStatusCategory(request.getContext(), category);
        return response;
    }

    /** Replaces whatever body the response had with JSON. */
    public static void writeJson(HttpResponseMessage response, Object body) {
        response.getHeaders().set("Content-Type", "application/json");
        response.getHeaders().set("Cache-Control", "no-store");
        response.setBodyAsText(toJson(body));
    }

    /** {@code {"status":503,"error":"...","path":"/hello"}}. */
    public static ObjectNode errorBody(int status, String message, String path) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", status);
        node.put("error", message);
        node.put("path", path);
        return node;
    }

    public static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass(), e);
        }
    }

    /** The path the client asked for, before any route rewrote it. */
    public static String originalPath(HttpRequestMessage request) {
        HttpRequestInfo inbound = request.getInboundRequest();
        return inbound != null ? inbound.getPath() : request.getPath();
    }
}
