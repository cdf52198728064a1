package io.cfkit.traffic;

/**
 * A policy file as an operator may have written it, for the tests of every module that reads or changes one (the
 * CLI's get it through this module's test-jar): the global keys as apps/edge-gateway/README.md documents them, two
 * routes, and keys of no one this version knows.
 */
public final class PolicyFiles {

    public static final String WITH_GLOBAL_KEYS = """
            traffic:
              pin-header: X-Version
              pin-cookie: version
              sticky-header: X-Account
              sticky-cookie: JSESSIONID
              metrics:
                window-seconds: 60
              routes:
                helloworld-service:
                  stable: blue
                  canary: green
                  weight: 10
                  note: kept
                other-service:
                  stable: v1
              future-key: [a, b]
            owner: team-x
            """;

    /** The global keys of {@link #WITH_GLOBAL_KEYS}. */
    public static final TrafficSettings GLOBAL_SETTINGS = new TrafficSettings("X-Version", "version", "X-Account",
            "JSESSIONID", 60);

    private PolicyFiles() {
    }
}
