package io.cfkit.discovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.netflix.eureka.server.event.EurekaInstanceCanceledEvent;
import org.springframework.cloud.netflix.eureka.server.event.EurekaInstanceRegisteredEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One line per registration, status change and removal. Eureka's own registry logger also writes a line
 * per eviction run, which with a one second timer is noise, so application.yml turns it down to WARN.
 */
@Component
class RegistryLog {

	private static final Logger log = LoggerFactory.getLogger(RegistryLog.class);

	@EventListener
	void registered(EurekaInstanceRegisteredEvent event) {
		log.info("Registered {} {} as {}", event.getInstanceInfo().getAppName(), event.getInstanceInfo().getId(),
				event.getInstanceInfo().getStatus());
	}

	@EventListener
	void cancelled(EurekaInstanceCanceledEvent event) {
		log.info("Removed {} {}", event.getAppName(), event.getServerId());
	}

}
