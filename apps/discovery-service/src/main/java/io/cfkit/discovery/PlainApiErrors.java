package io.cfkit.discovery;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Eureka API errors as a bare status, as Netflix's own server answers them. Jersey reports a heartbeat for an
 * unknown instance with sendError(404), which Spring turns into its JSON error page; Netflix's eureka-client 1.x
 * (the edge gateway's) then fails to read that body as an instance, never sees the 404, and never registers
 * again after the Eureka server restarts.
 */
@Configuration(proxyBeanMethods = false)
class PlainApiErrors {

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> plainEurekaApiErrors() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						chain.doFilter(request, new StatusOnlyErrors(response));
					}
				});
		registration.addUrlPatterns("/eureka/*");
		return registration;
	}

	private static final class StatusOnlyErrors extends HttpServletResponseWrapper {

		StatusOnlyErrors(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void sendError(int status) {
			setStatus(status);
		}

		@Override
		public void sendError(int status, String message) {
			setStatus(status);
		}

	}

}
