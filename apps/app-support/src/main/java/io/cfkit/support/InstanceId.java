package io.cfkit.support;

import java.util.function.UnaryOperator;

/**
 * The id an instance registers in Eureka, which is also what helloworld-service's {@code GET /id} and the gateway's
 * headers answer. On Cloud Foundry ({@code CF_INSTANCE_INTERNAL_IP} is set) every instance listens on the same
 * container port, so the id is {@code <app name>:<CF_INSTANCE_INDEX>}; elsewhere (the local platform) each instance
 * has its own port, so it is {@code <app name>:<port>}.
 */
public final class InstanceId {

	private InstanceId() {
	}

	/**
	 * @param appName the app's name on the platform: on Cloud Foundry the pushed app's name, which tells a green
	 * version's instance 0 from the blue one's
	 */
	public static String of(UnaryOperator<String> settings, String appName, int port) {
		if (settings.apply("CF_INSTANCE_INTERNAL_IP") != null) {
			String index = settings.apply("CF_INSTANCE_INDEX");
			return appName + ":" + ((index != null) ? index : "0");
		}
		return appName + ":" + port;
	}

}
