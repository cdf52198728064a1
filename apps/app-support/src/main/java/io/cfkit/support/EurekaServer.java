package io.cfkit.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * Where the kit's Eureka server is and how a client proves who it is: {@code EUREKA_URL} (not a secret: it may be
 * printed), {@code EUREKA_USERNAME} and {@code EUREKA_PASSWORD}. The credentials travel in an Authorization header,
 * never in the URL, because Eureka clients print their service URL whenever the server cannot be reached.
 */
public record EurekaServer(URI url, String username, String password) {

	public static final String URL = "EUREKA_URL";

	public static final String USERNAME = "EUREKA_USERNAME";

	public static final String PASSWORD = "EUREKA_PASSWORD";

	/**
	 * Reads the three settings ({@link Settings} says which source wins).
	 * @throws IllegalArgumentException with one line naming the setting that is missing or wrong
	 */
	public static EurekaServer from(UnaryOperator<String> settings) {
		String url = required(settings, URL);
		String username = required(settings, USERNAME);
		String password = required(settings, PASSWORD);
		if (username.contains(":")) {
			// Basic authentication separates the user from the password at the first ':'.
			throw new IllegalArgumentException(USERNAME + " must not contain ':'; choose another user name");
		}
		return new EurekaServer(serviceUrl(url), username, password);
	}

	/** The URL clients append {@code apps/...} to: always ending with '/'. */
	public String serviceUrl() {
		return this.url.toString();
	}

	/** The value of the Authorization header, UTF-8 as RFC 7617 recommends. */
	public String authorization() {
		String credentials = this.username + ":" + this.password;
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	/** Never prints the password: records print every component otherwise. */
	@Override
	public String toString() {
		return "EurekaServer[" + this.url + ", user " + this.username + "]";
	}

	private static String required(UnaryOperator<String> settings, String name) {
		String value = settings.apply(name);
		if (value == null) {
			throw new IllegalArgumentException(Settings.notSet(name));
		}
		return value;
	}

	private static URI serviceUrl(String value) {
		URI uri;
		try {
			uri = new URI(value.endsWith("/") ? value : value + "/");
		}
		catch (URISyntaxException ex) {
			throw notHttp(value);
		}
		if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
			throw notHttp(value);
		}
		if (uri.getRawUserInfo() != null) {
			throw new IllegalArgumentException(
					URL + " must not contain credentials; set " + USERNAME + " and " + PASSWORD + " instead");
		}
		return uri;
	}

	private static IllegalArgumentException notHttp(String value) {
		// The value carries no credentials (checked after), but it may be malformed: show it, it is not secret.
		return new IllegalArgumentException(URL + " is not an http(s) URL with a host: " + value);
	}

}
