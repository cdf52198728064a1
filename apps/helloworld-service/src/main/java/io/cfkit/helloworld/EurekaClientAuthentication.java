package io.cfkit.helloworld;

import io.cfkit.support.EurekaServer;
import io.cfkit.support.Settings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.netflix.eureka.http.EurekaClientHttpRequestFactorySupplier;
import org.springframework.cloud.netflix.eureka.http.RestClientDiscoveryClientOptionalArgs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/**
 * Sends the Eureka credentials in an Authorization header on every request of the Eureka client. Spring Cloud
 * Netflix otherwise takes Basic credentials only from the service URL's user info, and that URL reaches the log
 * each time Eureka cannot be reached. Replaces its default RestClientDiscoveryClientOptionalArgs (which it
 * creates only when there is none), keeping its request factory (timeouts) and the application's RestClient
 * builder.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "eureka.client.enabled", matchIfMissing = true)
class EurekaClientAuthentication {

	@Bean
	RestClientDiscoveryClientOptionalArgs eurekaClientWithAuthorizationHeader(Environment environment,
			ObjectProvider<EurekaClientHttpRequestFactorySupplier> requestFactory,
			ObjectProvider<RestClient.Builder> builders) {
		String authorization = EurekaServer.from(Settings.of(environment::getProperty)).authorization();
		return new RestClientDiscoveryClientOptionalArgs(requestFactory.getObject(),
				() -> builders.getIfAvailable(RestClient::builder)
					.defaultHeader(HttpHeaders.AUTHORIZATION, authorization));
	}

}
