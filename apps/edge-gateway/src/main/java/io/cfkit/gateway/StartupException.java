package io.cfkit.gateway;

/**
 * A reason not to start that the operator can act on; {@link GatewayMain} prints its message as one line, without
 * a stack trace.
 */
public class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
