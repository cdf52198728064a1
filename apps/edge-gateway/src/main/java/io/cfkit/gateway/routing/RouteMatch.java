package io.cfkit.gateway.routing;

/** A route chosen for a request, with the path the backend will see. */
public record RouteMatch(Route route, String backendPath) {}
