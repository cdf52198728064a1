package io.cfkit.helloworld;

import java.time.Duration;

import com.netflix.discovery.EurekaClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Shutdown without lost requests when an instance is stopped or scaled down (SIGTERM): first leave
 * Eureka, then keep serving while the gateways notice (they fetch the registry every second and then
 * refresh their load balancers), and only then let the web server's graceful shutdown finish the
 * requests in flight.
 * <p>
 * The Eureka registration itself would only be withdrawn after the web server has stopped, so this
 * runs in the phase just before the web server's graceful shutdown.
 */
@Component
class DeregisterThenDrain implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeregisterThenDrain.class);

	private final ObjectProvider<EurekaClient> eurekaClient;

	private final Duration drain;

	private volatile boolean running;

	DeregisterThenDrain(ObjectProvider<EurekaClient> eurekaClient,
			@Value("${shutdown.drain-seconds}") long drainSeconds) {
		this.eurekaClient = eurekaClient;
		this.drain = Duration.ofSeconds(drainSeconds);
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		// Marks the instance DOWN and unregisters it; a second shutdown when the bean is destroyed is a no-op.
		this.eurekaClient.ifAvailable(EurekaClient::shutdown);
		log.info("Left Eureka; still serving for {} s before the graceful shutdown", this.drain.toSeconds());
		try {
			Thread.sleep(this.drain.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
	}

}
