package io.cfkit.support;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Stops the app before Spring starts when a required variable is missing, with one line naming it,
 * instead of a long "could not resolve placeholder" stack trace.
 */
public final class RequiredEnvironment {

	private RequiredEnvironment() {
	}

	public static void check(String... names) {
		firstMissing(RequiredEnvironment::lookup, names).ifPresent(name -> {
			System.err.println(name + " is not set: export it or set it in the manifest's vars file");
			System.exit(1);
		});
	}

	static Optional<String> firstMissing(UnaryOperator<String> lookup, String... names) {
		for (String name : names) {
			String value = lookup.apply(name);
			if (value == null || value.isBlank()) {
				return Optional.of(name);
			}
		}
		return Optional.empty();
	}

	// A -D system property counts too, which is handy when starting the jar by hand.
	private static String lookup(String name) {
		String value = System.getenv(name);
		return (value != null) ? value : System.getProperty(name);
	}

}
