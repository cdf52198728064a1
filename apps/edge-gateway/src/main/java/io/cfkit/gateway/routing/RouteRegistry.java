package io.cfkit.gateway.routing;

import java.util.concurrent.atomic.AtomicReference;

/** The route table in force. Refreshes swap it whole; requests read one consistent version. */
public final class RouteRegistry {

    private final AtomicReference<RouteTable> current = new AtomicReference<>(RouteTable.EMPTY);

    public RouteTable current() {
        return current.get();
    }

    public void replace(RouteTable table) {
        current.set(table);
    }
}
