package io.cfkit.helloworld;

import io.cfkit.support.EurekaServer;
import io.cfkit.support.RequiredEnvironment;
import io.cfkit.support.Settings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

// build-info.properties (written by spring-boot-maven-plugin) provides build.version, the default of
// app.version when APP_VERSION is not set.
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource(value = "classpath:META-INF/build-info.properties", ignoreResourceNotFound = true)
public class HelloworldApplication {

	public static void main(String[] args) {
		RequiredEnvironment.check("ADMIN_USERNAME", "ADMIN_PASSWORD", "CONFIG_SERVER_USERNAME",
				"CONFIG_SERVER_PASSWORD", "EUREKA_URL", "EUREKA_USERNAME", "EUREKA_PASSWORD");
		RequiredEnvironment.check(() -> EurekaServer.from(Settings.ofThisProcess()));
		SpringApplication.run(HelloworldApplication.class, args);
	}

}
