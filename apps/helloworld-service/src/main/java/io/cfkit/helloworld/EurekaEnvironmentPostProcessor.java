package io.cfkit.helloworld;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Eureka settings that a property file cannot express:
 * <ul>
 * <li>the service URL with EUREKA_USERNAME / EUREKA_PASSWORD inserted as user info, because the Eureka
 * client takes its Basic credentials only from there, while EUREKA_URL carries none (it is not a
 * secret and may be printed);</li>
 * <li>the instance id: {@code <app name>:<CF_INSTANCE_INDEX>} on Cloud Foundry (where
 * CF_INSTANCE_INTERNAL_IP is set), {@code <spring.application.name>:<port>} elsewhere. GET /id answers
 * the same value.</li>
 * </ul>
 * Added last, so an explicit eureka.client.service-url.defaultZone or eureka.instance.instance-id wins.
 */
public class EurekaEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String DEFAULT_EUREKA_URL = "http://127.0.0.1:8761/eureka/";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("eurekaFromEnvironment",
					Map.of("eureka.client.service-url.defaultZone", serviceUrl(environment),
							"eureka.instance.instance-id", instanceId(environment))));
	}

	static String serviceUrl(Environment environment) {
		String url = environment.getProperty("EUREKA_URL", DEFAULT_EUREKA_URL);
		String username = environment.getProperty("EUREKA_USERNAME");
		String password = environment.getProperty("EUREKA_PASSWORD");
		int schemeEnd = url.indexOf("://");
		if (username == null || password == null || schemeEnd < 0) {
			return url;
		}
		// Encoded, so that '@' or '/' in a password does not break the URL. (The Eureka client splits the
		// decoded user info at ':', so a password must not contain one.)
		return url.substring(0, schemeEnd + 3) + encode(username) + ":" + encode(password) + "@"
				+ url.substring(schemeEnd + 3);
	}

	// Placeholders, resolved when read, so that a port or name from a later property source still counts.
	static String instanceId(Environment environment) {
		if (environment.containsProperty("CF_INSTANCE_INTERNAL_IP")) {
			return "${vcap.application.application_name:${spring.application.name}}:${CF_INSTANCE_INDEX:0}";
		}
		return "${spring.application.name}:${server.port}";
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
