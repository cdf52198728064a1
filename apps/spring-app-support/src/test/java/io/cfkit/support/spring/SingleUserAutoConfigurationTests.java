package io.cfkit.support.spring;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SingleUserAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SingleUserAutoConfiguration.class,
				UserDetailsServiceAutoConfiguration.class))
		.withPropertyValues("spring.security.user.name=eureka", "spring.security.user.password=s3cret");

	@Test
	void theUserLogsInWithItsPasswordAndTheStoredHashStaysCheapAfterwards() {
		this.runner.run((context) -> {
			UserDetailsService users = context.getBean(UserDetailsService.class);
			DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);

			assertThat(provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("eureka", "s3cret"))
				.isAuthenticated()).isTrue();
			assertThat(provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("eureka", "s3cret"))
				.isAuthenticated()).isTrue();

			// Spring Security upgrades a stored password only through a UserDetailsPasswordService.
			assertThat(users).isNotInstanceOf(UserDetailsPasswordService.class);
			// No upgrade to BCrypt (about 50 ms per check at its default cost) after a login: still the digest.
			assertThat(users.loadUserByUsername("eureka").getPassword()).startsWith("{SHA-256}{");
		});
	}

	@Test
	void aWrongPasswordOrUserIsRefused() {
		this.runner.run((context) -> {
			DaoAuthenticationProvider provider = new DaoAuthenticationProvider(
					context.getBean(UserDetailsService.class));

			assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() -> provider
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("eureka", "wrong")));
			assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() -> provider
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("admin", "s3cret")));
		});
	}

	@Test
	void replacesSpringBootsDefaultUserManager() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(UserDetailsService.class)
			.doesNotHaveBean("inMemoryUserDetailsManager"));
	}

}
