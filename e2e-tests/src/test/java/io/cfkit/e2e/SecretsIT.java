package io.cfkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A password never reaches a log or a file others can read: not even while Eureka is down, when every Eureka
 * client logs the URL it failed to reach once per heartbeat. The passwords are the kit's own, read from its
 * credentials file (those the test chose and those cf-deploy generated). The same outage shows that the gateway
 * keeps routing while Eureka is down (one Eureka restart fewer in the suite).
 */
@Order(3)
@ExtendWith(SharedKit.class)
class SecretsIT {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static Kit kit;

    @BeforeAll
    static void useTheSharedKit() {
        kit = SharedKit.kit;
    }

    @Test
    void noPasswordReachesALogOrAFileOthersCanReadWhileEurekaIsDown() throws Exception {
        Map<String, String> passwords = passwords();
        assertThat(passwords).containsKeys("CONFIG_SERVER_PASSWORD", "EUREKA_PASSWORD", "ADMIN_PASSWORD");
        Map<Path, Long> logSizes = sizes(kit.state.resolve("logs"));

        assertThat(kit.cli("scale", "discovery-service", "-i", "0").exit()).isZero();
        try {
            // The same outage shows that the gateway keeps routing on its cached registry: for longer than its
            // registry fetch interval, so that it has failed to fetch.
            await("every request answered 200 while Eureka is down").during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(kit.gateway("/hello/id")) == 200);
            // Both kinds of Eureka client (helloworld-service's and the gateway's) fail at least one heartbeat.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertThat(appendedSince(logSizes, "helloworld-service")).contains("was unable to send heartbeat");
                assertThat(appendedSince(logSizes, "edge-gateway")).contains("was unable to send heartbeat");
            });
        } finally {
            assertThat(kit.cli("scale", "discovery-service", "-i", "1").exit()).isZero();
            // The new Eureka starts empty: every app registers again on its next heartbeat.
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    kit.registered("EDGE-GATEWAY") == kit.pids("edge-gateway").size()
                            && kit.registered("HELLOWORLD-SERVICE") == kit.pids("helloworld-service").size());
        }

        List<String> leaks = new ArrayList<>();
        List<String> notPrivate = new ArrayList<>();
        for (Path file : files(kit.state)) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            String relative = kit.state.relativize(file).toString();
            passwords.forEach((name, password) -> {
                if (text.contains(password)) {
                    leaks.add(relative + " holds " + name);
                }
            });
            boolean holdsASecret = passwords.values().stream().anyMatch(text::contains);
            if (holdsASecret && !isPrivate(file)) {
                notPrivate.add(relative + " " + permissions(file));
            }
        }
        // Only the state files that must hold secrets do, and only their owner can read them.
        assertThat(leaks).as("files holding a password").allMatch(leak ->
                leak.startsWith("credentials.env ") || leak.startsWith("desired.json "));
        assertThat(notPrivate).as("files with a password that others can read (want mode 0600)").isEmpty();
    }

    private static int status(URI uri) {
        try {
            return kit.get(uri).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The kit's passwords, from its credentials file ({@code export NAME='value'} lines). */
    private static Map<String, String> passwords() throws IOException {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String line : Files.readAllLines(kit.state.resolve("credentials.env"))) {
            if (line.startsWith("export ") && line.contains("_PASSWORD=")) {
                String assignment = line.substring("export ".length());
                int eq = assignment.indexOf('=');
                String value = assignment.substring(eq + 1).replaceAll("^'|'$", "");
                if (!value.isEmpty()) {
                    passwords.put(assignment.substring(0, eq), value);
                }
            }
        }
        return passwords;
    }

    private static String appendedSince(Map<Path, Long> sizes, String app) throws IOException {
        StringBuilder appended = new StringBuilder();
        for (Path log : files(kit.state.resolve("logs").resolve(app))) {
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(bytes.length, sizes.getOrDefault(log, 0L));
            appended.append(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
        }
        return appended.toString();
    }

    private static Map<Path, Long> sizes(Path dir) throws IOException {
        Map<Path, Long> sizes = new LinkedHashMap<>();
        for (Path file : files(dir)) {
            sizes.put(file, Files.size(file));
        }
        return sizes;
    }

    /** Every regular file under the folder, but the droplets: the jars as built, which no run writes to. */
    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(kit.state.resolve("droplets")))
                    .toList();
        }
    }

    private static boolean isPrivate(Path file) {
        try {
            return Files.getPosixFilePermissions(file).stream().noneMatch(GROUP_OR_OTHERS::contains);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
