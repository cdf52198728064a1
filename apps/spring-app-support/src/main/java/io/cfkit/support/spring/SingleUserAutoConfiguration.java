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
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The one user of each Spring app (spring.security.user.*, from the environment), checked in about a
 * millisecond instead of about fifty.
 * <p>
 * Spring Boot's default user manager lets Spring Security "upgrade" the password to BCrypt at its default cost
 * after the first login, so every later request with Basic credentials costs a full BCrypt check: measured on
 * discovery-service, 94 % of its CPU with the kit idle (a heartbeat or registry fetch every few hundred
 * milliseconds, docs/decisions/0007-idle-kit.md). A slow hash protects stored hashes; this password is in the
 * process environment anyway. So it is kept as a BCrypt hash of the lowest cost (still compared in constant
 * time), and this service offers no password upgrade.
 */
@AutoConfiguration(before = UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(SecurityProperties.class)
public class SingleUserAutoConfiguration {

	/** 2^4 rounds: the lowest BCrypt allows. */
	static final int BCRYPT_COST = 4;

	@Bean
	@ConditionalOnMissingBean(UserDetailsService.class)
	UserDetailsService singleUser(SecurityProperties security) {
		SecurityProperties.User configured = security.getUser();
		UserDetails user = User.withUsername(configured.getName())
			.password("{bcrypt}" + new BCryptPasswordEncoder(BCRYPT_COST).encode(configured.getPassword()))
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

}
