package io.cfkit.discovery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The server under test as a Eureka client sees it: its REST API on a loopback port, with or without Basic auth. */
final class EurekaApi {

	static final String CREDENTIALS = "eureka:s3cret";

	/** A registration as Netflix's client sends it, of instance 127.0.0.1:hello:9001 of app HELLO. */
	static final String INSTANCE = """
			{"instance": {
			  "instanceId": "127.0.0.1:hello:9001",
			  "app": "HELLO",
			  "hostName": "127.0.0.1",
			  "ipAddr": "127.0.0.1",
			  "vipAddress": "hello",
			  "status": "UP",
			  "port": {"$": 9001, "@enabled": "true"},
			  "securePort": {"$": 443, "@enabled": "false"},
			  "dataCenterInfo": {"@class": "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo", "name": "MyOwn"},
			  "metadata": {"version": "1.2.3"}
			}}
			""";

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	EurekaApi(int port) {
		this.port = port;
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
	}

	HttpRequest.Builder register() {
		return request("/eureka/apps/HELLO").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(INSTANCE));
	}

	/** Sends the request with {@code credentials} (user:password) as Basic auth, or none for null. */
	HttpResponse<String> send(HttpRequest.Builder request, String credentials) throws IOException, InterruptedException {
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
