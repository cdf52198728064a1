package io.cfkit.support.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.MessageDigestPasswordEncoder;

/**
 * The one user of each Spring app (spring.security.user.*, from the environment), checked in microseconds instead
 * of about fifty milliseconds.
 * <p>
 * Spring Boot's default user manager lets Spring Security "upgrade" the password to BCrypt at its default cost
 * after the first login, so every later request with Basic credentials costs a full BCrypt check: measured on
 * discovery-service, 94 % of its CPU with the kit idle (a heartbeat or registry fetch every few hundred
 * milliseconds, docs/decisions/0007-idle-kit.md). Even BCrypt's lowest cost took 1.3 ms of CPU per request in these
 * C1-only JVMs, a quarter of a per cent of a core for Eureka's two authenticated requests a second. A slow hash
 * protects a stored hash from being reversed; this password is in the process environment anyway, and the hash is
 * only ever in memory. So it is kept as a salted SHA-256 digest, which Spring Security compares in constant time,
 * and this service offers no password upgrade.
 */
@AutoConfiguration(before = UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(SecurityProperties.class)
public class SingleUserAutoConfiguration {

	/** Spring Security's id of a salted SHA-256 digest, compared in constant time. */
	static final String DIGEST_ID = "SHA-256";

	@Bean
	@ConditionalOnMissingBean(UserDetailsService.class)
	UserDetailsService singleUser(SecurityProperties security) {
		SecurityProperties.User configured = security.getUser();
		UserDetails user = User.withUsername(configured.getName())
			.password("{" + DIGEST_ID + "}" + digest().encode(configured.getPassword()))
			.roles(configured.getRoles().toArray(String[]::new))
			.build();
		// A copy each time: the authentication erases the credentials of what it is given.
		return (username) -> {
			if (!user.getUsername().equals(username)) {
				throw new UsernameNotFoundException("no such user");
			}
			return User.withUserDetails(user).build();
		};
	}

	/**
	 * Deprecated as a way to store users' passwords (a fast hash); here it holds, in memory only, a password the
	 * environment holds in plain text.
	 */
	@SuppressWarnings("deprecation")
	private static MessageDigestPasswordEncoder digest() {
		return new MessageDigestPasswordEncoder(DIGEST_ID);
	}

}
