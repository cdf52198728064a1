package io.cfkit.cfdeploy.cf;

import java.util.concurrent.atomic.AtomicReference;
import org.cloudfoundry.reactor.ConnectionContext;
import org.cloudfoundry.reactor.TokenProvider;
import org.cloudfoundry.reactor.tokenprovider.PasswordGrantTokenProvider;
import org.cloudfoundry.reactor.tokenprovider.RefreshTokenGrantTokenProvider;
import reactor.core.publisher.Mono;

/**
 * Tokens from the login: the cf CLI's stored access token as long as the Cloud Controller accepts it, then (after
 * a 401, which makes the client call {@link #invalidate}) UAA's refresh grant with the stored refresh token;
 * or a password grant for CF_USERNAME / CF_PASSWORD. cf-java-client's providers do the grants: they cache the
 * token and ask UAA again only after an invalidation.
 */
final class LoginTokenProvider implements TokenProvider {

    private final AtomicReference<String> storedAccessToken;
    private final TokenProvider grants;

    LoginTokenProvider(CfLogin login) {
        this.storedAccessToken = new AtomicReference<>(login.accessToken());
        this.grants = login.username() != null
                ? PasswordGrantTokenProvider.builder().clientId(login.clientId()).clientSecret(login.clientSecret())
                        .username(login.username()).password(login.password()).build()
                : RefreshTokenGrantTokenProvider.builder().clientId(login.clientId())
                        .clientSecret(login.clientSecret())
                        .token(login.refreshToken() != null ? login.refreshToken() : "")
                        .build();
    }

    @Override
    public Mono<String> getToken(ConnectionContext context) {
        String stored = storedAccessToken.get();
        return stored != null ? Mono.just("bearer " + stored) : grants.getToken(context);
    }

    @Override
    public void invalidate(ConnectionContext context) {
        if (storedAccessToken.getAndSet(null) == null) {
            grants.invalidate(context);
        }
    }
}
