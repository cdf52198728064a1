package io.cfkit.helloworld;

import java.util.Map;
import java.util.function.UnaryOperator;

import io.cfkit.support.EurekaServer;
import io.cfkit.support.InstanceId;
import io.cfkit.support.Settings;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Eureka settings that a property file cannot express, by the kit's rules in app-support:
 * <ul>
 * <li>the service URL, EUREKA_URL as it is: the credentials go in a header (EurekaClientAuthentication), never
 * in this URL, which the Eureka client prints whenever the server cannot be reached;</li>
 * <li>the instance id ({@link InstanceId}), with the Cloud Foundry app name when there is one, so that a green
 * version's instances differ from the blue one's. GET /id answers the same value.</li>
 * </ul>
 * Added last, so an explicit eureka.client.service-url.defaultZone or eureka.instance.instance-id wins.
 */
public class EurekaEnvironmentPostProcessor implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		UnaryOperator<String> settings = Settings.of(environment::getProperty);
		String appName = environment.getProperty("vcap.application.application_name",
				environment.getProperty("spring.application.name", "helloworld-service"));
		int port = environment.getProperty("server.port", Integer.class, 8080);
		environment.getPropertySources()
			.addLast(new MapPropertySource("eurekaFromEnvironment",
					Map.of("eureka.client.service-url.defaultZone", EurekaServer.from(settings).serviceUrl(),
							"eureka.instance.instance-id", InstanceId.of(settings, appName, port))));
	}

}
