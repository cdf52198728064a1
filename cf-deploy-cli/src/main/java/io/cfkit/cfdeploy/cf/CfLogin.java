package io.cfkit.cfdeploy.cf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Who cf-deploy is on which foundation: the cf CLI's login, or an API URL with a user from the environment.
 * Its {@link #toString()} names no secret, so it can appear in any message.
 *
 * @param api                   the Cloud Controller, e.g. https://api.example.org
 * @param authorizationEndpoint UAA's base (token requests go to its /oauth/token); null: the root's "login" link
 * @param accessToken           the stored access token without its "bearer " prefix, or null
 * @param refreshToken          the stored refresh token, or null
 * @param username              with {@code password}: a password grant instead of stored tokens
 * @param skipSslValidation     true only when the cf login or --skip-ssl-validation says so
 */
public record CfLogin(URI api, String authorizationEndpoint, String accessToken, String refreshToken,
        String username, String password, String clientId, String clientSecret, boolean skipSslValidation,
        String org, String space) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the cf CLI keeps its login: {@code $CF_HOME/.cf/config.json}, else {@code $HOME/.cf/config.json}. */
    private static Path cfConfigFile(Map<String, String> env) {
        String cfHome = env.get("CF_HOME");
        String home = cfHome != null && !cfHome.isBlank() ? cfHome
                : env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".cf", "config.json");
    }

    /**
     * The login to use: {@code --api} with CF_USERNAME and CF_PASSWORD when given, else the cf CLI's. Options
     * given on the command line (org, space, skip-ssl-validation) win over the cf CLI's target.
     */
    public static CfLogin resolve(CfTargetOptions options, Map<String, String> env) {
        String username = env.get("CF_USERNAME");
        String password = env.get("CF_PASSWORD");
        if (options.api() != null) {
            if (username == null || password == null) {
                throw new UserError("--api " + options.api() + " needs CF_USERNAME and CF_PASSWORD in the environment"
                        + " (or run: cf login -a " + options.api() + ", and drop --api)");
            }
            if (options.org() == null || options.space() == null) {
                throw new UserError("--api needs --org and --space too (e.g. --org my-org --space dev)");
            }
            return new CfLogin(apiUri(options.api()), null, null, null, username, password, "cf", "",
                    options.skipSslValidation(), options.org(), options.space());
        }
        Path file = cfConfigFile(env);
        if (!Files.isRegularFile(file)) {
            throw new UserError("no Cloud Foundry login: run cf login -a API (or pass --api with CF_USERNAME and"
                    + " CF_PASSWORD in the environment)");
        }
        JsonNode config;
        try {
            config = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserError("cannot read the cf login in " + file + ": run cf login again");
        }
        String target = text(config, "Target");
        String access = stripBearer(text(config, "AccessToken"));
        String refresh = text(config, "RefreshToken");
        if (target == null || (access == null && refresh == null)) {
            throw new UserError("the cf CLI is not logged in (" + file + " has no target or token): run cf login");
        }
        String org = options.org() != null ? options.org() : text(config.path("OrganizationFields"), "Name");
        String space = options.space() != null ? options.space() : text(config.path("SpaceFields"), "Name");
        if (org == null || space == null) {
            throw new UserError("no org and space targeted: run cf target -o ORG -s SPACE (or pass --org and --space)");
        }
        String clientId = text(config, "UAAOAuthClient");
        String clientSecret = text(config, "UAAOAuthClientSecret");
        return new CfLogin(apiUri(target), text(config, "AuthorizationEndpoint"), access, refresh, null, null,
                clientId != null ? clientId : "cf", clientSecret != null ? clientSecret : "",
                options.skipSslValidation() || config.path("SSLDisabled").asBoolean(false), org, space);
    }

    private static URI apiUri(String api) {
        String withScheme = api.contains("://") ? api : "https://" + api;
        URI uri = URI.create(withScheme.endsWith("/") ? withScheme.substring(0, withScheme.length() - 1) : withScheme);
        if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw new UserError("'" + api + "' is not a Cloud Foundry API URL (e.g. https://api.example.org)");
        }
        return uri;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String stripBearer(String token) {
        if (token == null) {
            return null;
        }
        return token.regionMatches(true, 0, "bearer ", 0, 7) ? token.substring(7) : token;
    }

    public boolean secure() {
        return api.getScheme().equals("https");
    }

    public int port() {
        return api.getPort() != -1 ? api.getPort() : secure() ? 443 : 80;
    }

    @Override
    public String toString() {
        return "CfLogin[api=" + api + ", org=" + org + ", space=" + space + ", user="
                + (username != null ? username : "(cf login)") + "]";
    }
}
