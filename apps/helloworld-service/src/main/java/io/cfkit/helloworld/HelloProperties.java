package io.cfkit.helloworld;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Top-level keys of helloworld-service.yml in the config repository. A @ConfigurationProperties bean is
 * bound again on POST /actuator/refresh, so new values apply without a restart.
 */
@ConfigurationProperties
public class HelloProperties {

	/** Answer of GET /. */
	private String message = "Hello World";

	private final Fault fault = new Fault();

	public String getMessage() {
		return this.message;
	}

	public void setMessage(String message) {
		this.message = message;
	}

	public Fault getFault() {
		return this.fault;
	}

	public static class Fault {

		/** Share (0.0 to 1.0) of requests to / and /id that answer 500, for canary tests. */
		private double errorRate;

		public double getErrorRate() {
			return this.errorRate;
		}

		public void setErrorRate(double errorRate) {
			this.errorRate = errorRate;
		}

	}

}
