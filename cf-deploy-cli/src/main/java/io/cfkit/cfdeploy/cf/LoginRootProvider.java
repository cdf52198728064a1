package io.cfkit.cfdeploy.cf;

import org.cloudfoundry.reactor.ConnectionContext;
import org.cloudfoundry.reactor.RootPayloadRootProvider;
import org.cloudfoundry.reactor.RootProvider;
import reactor.core.publisher.Mono;

/**
 * The foundation's endpoints from the login and the v3 global root ({@code GET /}), never from {@code /v2/info}:
 * cf-java-client's default provider falls back to /v2/info for {@code authorization_endpoint}, which the global
 * root does not have, and a foundation may have v2 switched off.
 */
final class LoginRootProvider implements RootProvider {

    static final String V2 = "cloud_controller_v2";

    private final CfLogin login;
    private final RootProvider globalRoot;

    LoginRootProvider(CfLogin login, com.fasterxml.jackson.databind.ObjectMapper objectMapper) {
        this.login = login;
        this.globalRoot = RootPayloadRootProvider.builder().apiHost(login.api().getHost()).port(login.port())
                .secure(login.secure()).objectMapper(objectMapper).build();
    }

    @Override
    public Mono<String> getRoot(ConnectionContext context) {
        return Mono.just(login.api().toString());
    }

    @Override
    public Mono<String> getRoot(String key, ConnectionContext context) {
        if (key.equals(V2)) {
            return Mono.error(new IllegalStateException("cf-deploy uses the v3 API only, yet something asked for v2"));
        }
        if (key.equals("authorization_endpoint")) {
            return login.authorizationEndpoint() != null ? Mono.just(login.authorizationEndpoint())
                    : globalRoot.getRoot("login", context);
        }
        return globalRoot.getRoot(key, context);
    }
}
