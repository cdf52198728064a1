package io.cfkit.helloworld;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts X-App-Version on every response, errors and 401s included, so a canary test can tell which
 * version answered. First in the chain, before Spring Security can answer on its own.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class VersionHeaderFilter extends OncePerRequestFilter {

	private final String version;

	VersionHeaderFilter(@Value("${app.version}") String version) {
		this.version = version;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("X-App-Version", this.version);
		chain.doFilter(request, response);
	}

}
