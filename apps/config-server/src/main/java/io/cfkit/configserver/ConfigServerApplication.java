package io.cfkit.configserver;

import io.cfkit.support.RequiredEnvironment;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.config.server.EnableConfigServer;

@SpringBootApplication
@EnableConfigServer
public class ConfigServerApplication {

	public static void main(String[] args) {
		RequiredEnvironment.check("CONFIG_REPO_URI", "CONFIG_SERVER_USERNAME", "CONFIG_SERVER_PASSWORD");
		SpringApplication.run(ConfigServerApplication.class, args);
	}

}
