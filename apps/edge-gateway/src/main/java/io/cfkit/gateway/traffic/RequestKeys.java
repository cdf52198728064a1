package io.cfkit.gateway.traffic;

/** The parts of a request the policy looks at; an interface so that the rules can be tested without Zuul. */
public interface RequestKeys {

    /** The first value of the header, or null. */
    String header(String name);

    /** The first value of the cookie, or null. */
    String cookie(String name);
}
