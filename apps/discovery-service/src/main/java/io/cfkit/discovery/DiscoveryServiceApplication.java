package io.cfkit.discovery;

import io.cfkit.support.RequiredEnvironment;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;

@SpringBootApplication
@EnableEurekaServer
public class DiscoveryServiceApplication {

	public static void main(String[] args) {
		RequiredEnvironment.check("EUREKA_USERNAME", "EUREKA_PASSWORD");
		SpringApplication.run(DiscoveryServiceApplication.class, args);
	}

}
