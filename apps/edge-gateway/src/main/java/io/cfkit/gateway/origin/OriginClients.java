package io.cfkit.gateway.origin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The ribbon clients requests have been routed to, each made on its first request and kept. */
public final class OriginClients implements AutoCloseable {

    private final Map<String, OriginClient> clients = new ConcurrentHashMap<>();

    OriginClient get(String name) {
        return clients.computeIfAbsent(name, OriginClient::new);
    }

    @Override
    public void close() {
        clients.values().forEach(OriginClient::shutdown);
        clients.clear();
    }
}
