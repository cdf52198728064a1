package io.cfkit.cfdeploy;

/**
 * A problem the user can fix: bad input, a missing jar, a port taken. Its message is the one line
 * printed, so it names what is wrong and what to do.
 */
public class UserError extends RuntimeException {

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }

    /** The answer to a name that is not an app: the message lists the names that are. */
    public static UserError unknownApp(String name, java.util.Collection<String> known) {
        return new UserError("unknown app '" + name + "': known apps are " + String.join(", ", known));
    }
}
