package io.cfkit.helloworld;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HelloController {

	private final HelloProperties properties;

	private final String instanceId;

	HelloController(HelloProperties properties, @Value("${eureka.instance.instance-id}") String instanceId) {
		this.properties = properties;
		this.instanceId = instanceId;
	}

	@GetMapping(path = "/", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> message() {
		return answer(this.properties.getMessage());
	}

	@GetMapping(path = "/id", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> id() {
		return answer(this.instanceId);
	}

	private ResponseEntity<String> answer(String body) {
		if (ThreadLocalRandom.current().nextDouble() < this.properties.getFault().getErrorRate()) {
			return ResponseEntity.internalServerError().body("injected fault (fault.error-rate)");
		}
		return ResponseEntity.ok(body);
	}

}
