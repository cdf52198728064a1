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
		firstMissing(Settings.ofThisProcess(), names).ifPresent(name -> {
			System.err.println(Settings.notSet(name));
			System.exit(1);
		});
	}

	/** Runs a reader of settings, such as {@link EurekaServer#from}, and stops the app with its one line if it fails. */
	public static void check(Runnable reader) {
		try {
			reader.run();
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(1);
		}
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

}
