package io.cfkit.support;

import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * How every app of the kit reads a setting by name: a system property of the same name ({@code -DPORT=9000}) wins
 * over the environment variable, so a developer can override one value without touching the environment. It is the
 * order Spring's environment uses too, so the Spring apps and the gateway agree. A blank value counts as unset.
 */
public final class Settings {

	private Settings() {
	}

	/** This JVM's system properties and environment. */
	public static UnaryOperator<String> ofThisProcess() {
		return of(System.getenv(), System.getProperties());
	}

	/** The one line an app prints when a setting it needs is missing. */
	public static String notSet(String name) {
		return name + " is not set: export it or set it in the manifest's vars file";
	}

	public static UnaryOperator<String> of(Map<String, String> environment, Properties systemProperties) {
		return of(name -> {
			String value = systemProperties.getProperty(name);
			return (value == null || value.isBlank()) ? environment.get(name) : value;
		});
	}

	/** Settings from a source that already orders them, such as Spring's environment (system properties first). */
	public static UnaryOperator<String> of(UnaryOperator<String> source) {
		return name -> {
			String value = source.apply(name);
			return (value == null || value.isBlank()) ? null : value.trim();
		};
	}

}
