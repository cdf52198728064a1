package io.cfkit.cfdeploy.configrepo;

import io.cfkit.cfdeploy.UserError;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The config repository the config server serves, as cf-deploy reaches it: CONFIG_REPO_URI (https://, file:// or a
 * path), CONFIG_REPO_BRANCH (default main), and CONFIG_REPO_USERNAME / CONFIG_REPO_PASSWORD. The password never
 * leaves this record except to JGit: {@link #toString} and {@link #displayName} leave it out.
 */
public record ConfigRepoSource(String uri, String branch, String username, String password) {

    public static final String DEFAULT_BRANCH = "main";

    public ConfigRepoSource {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("no config repository URI");
        }
        branch = branch == null || branch.isBlank() ? DEFAULT_BRANCH : branch;
    }

    /** The repository CONFIG_REPO_URI names, if it is set. */
    public static Optional<ConfigRepoSource> fromEnvironment(Map<String, String> env) {
        String uri = env.get("CONFIG_REPO_URI");
        return uri == null || uri.isBlank() ? Optional.empty() : Optional.of(of(uri, env));
    }

    /** The repository at {@code uri}, with the branch and credentials the environment gives. */
    public static ConfigRepoSource of(String uri, Map<String, String> env) {
        return new ConfigRepoSource(uri, env.get("CONFIG_REPO_BRANCH"), env.get("CONFIG_REPO_USERNAME"),
                env.get("CONFIG_REPO_PASSWORD"));
    }

    /** The URI without any user or password written into it: the only form put in messages. */
    public String displayName() {
        try {
            return new URIish(uri).setUser(null).setPass(null).toString();
        } catch (URISyntaxException e) {
            throw new UserError("CONFIG_REPO_URI is not a git repository address: give an https:// or file:// URI,"
                    + " or a path");
        }
    }

    /** Null when no credentials are given: a public or local repository. */
    CredentialsProvider credentials() {
        if (username == null || username.isBlank()) {
            return null;
        }
        return new UsernamePasswordCredentialsProvider(username, password == null ? "" : password);
    }

    /** Takes {@code text} (a library's message) with the password and the URI's user information blanked out. */
    String scrub(String text) {
        String scrubbed = text == null ? "" : text;
        for (String form : addressForms()) {
            if (!form.equals(displayName())) {
                scrubbed = scrubbed.replace(form, displayName());
            }
        }
        for (String secret : new String[] {password, passwordInUri()}) {
            if (secret != null && !secret.isEmpty()) {
                scrubbed = scrubbed.replace(secret, "****");
            }
        }
        return scrubbed;
    }

    /** The URI as given, and as JGit writes it in its messages (with the user, without the password). */
    private List<String> addressForms() {
        try {
            URIish parsed = new URIish(uri);
            return List.of(uri, parsed.toString(), parsed.setPass(null).toString());
        } catch (URISyntaxException e) {
            return List.of(uri);
        }
    }

    private String passwordInUri() {
        try {
            return new URIish(uri).getPass();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ConfigRepoSource[" + displayName() + ", branch " + branch + "]";
    }
}
