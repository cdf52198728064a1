package io.cfkit.cfdeploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kit's credentials on this machine. Each comes from the environment if set there, else from the
 * credentials file, else is generated once and kept in that file (readable by its owner only), so the
 * apps and the user agree on them across runs. The file is a shell script to {@code source}.
 */
final class Credentials {

    /** Environment variable name, default user name (null for a password). */
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("CONFIG_SERVER_USERNAME", "config");
        NAMES.put("CONFIG_SERVER_PASSWORD", null);
        NAMES.put("EUREKA_USERNAME", "eureka");
        NAMES.put("EUREKA_PASSWORD", null);
        NAMES.put("ADMIN_USERNAME", "admin");
        NAMES.put("ADMIN_PASSWORD", null);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {
    }

    /** The credentials by environment variable name, creating the file on first use. */
    static Map<String, String> load(Path file, Map<String, String> environment) {
        Map<String, String> stored = read(file);
        Map<String, String> values = new LinkedHashMap<>();
        NAMES.forEach((name, defaultUser) -> values.put(name, environment.getOrDefault(name,
                stored.getOrDefault(name, defaultUser != null ? defaultUser : newPassword()))));
        if (!stored.keySet().containsAll(NAMES.keySet())) {
            write(file, values);
        }
        return values;
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("export ") && line.contains("=")) {
                    String assignment = line.substring("export ".length());
                    int eq = assignment.indexOf('=');
                    values.put(assignment.substring(0, eq), unquote(assignment.substring(eq + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    private static void write(Path file, Map<String, String> values) {
        StringBuilder text = new StringBuilder(
                "# Credentials of the local kit, made by cf-deploy. Load them with: source " + file + "\n");
        values.forEach((k, v) -> text.append("export ").append(k).append("='").append(v).append("'\n"));
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("'") && value.endsWith("'")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** URL- and shell-safe: no quoting surprises when the file is sourced or a URL carries it. */
    private static String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
