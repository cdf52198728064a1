package io.cfkit.discovery;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic on the dashboard and the /eureka/** API; the health check, which Cloud Foundry calls
 * without credentials, stays public. The single user comes from spring.security.user.*
 * (EUREKA_USERNAME / EUREKA_PASSWORD).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.httpBasic(Customizer.withDefaults())
			// Eureka clients POST, PUT and DELETE with Basic credentials only: they have no CSRF token.
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/eureka/**"));
		return http.build();
	}

}
