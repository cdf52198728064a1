package io.cfkit.gateway.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** Checks an HTTP Basic {@code Authorization} header against one user. */
public final class BasicCredentials {

    private final byte[] expected;

    public BasicCredentials(String username, String password) {
        this.expected = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorizationHeader.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Constant time, so the answer's timing does not reveal how much of a guess was right.
        return MessageDigest.isEqual(expected, given);
    }
}
