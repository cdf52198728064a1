package io.cfkit.gateway.traffic;

/** Where the traffic policy sends one request. */
public sealed interface Decision {

    /** The service has no policy: its own ribbon client, all UP instances whatever their version. */
    record Unmanaged() implements Decision {}

    /** To {@code version}, through its ribbon client. */
    record Routed(String service, String version, String client, Reason reason) implements Decision {}

    /** Pinned to a version that has no instance to take it: answered 503, never sent to the other version. */
    record PinnedWithoutInstance(String service, String version) implements Decision {}

    Decision UNMANAGED = new Unmanaged();

    enum Reason {
        /** Named by the pin header or cookie. */
        PINNED,
        /** Bucket of the sticky header or cookie against the weight. */
        STICKY,
        /** Smooth weighted round-robin. */
        WEIGHTED,
        /** The first choice had no instance; the policy's other version took the request. */
        FALLBACK
    }
}
