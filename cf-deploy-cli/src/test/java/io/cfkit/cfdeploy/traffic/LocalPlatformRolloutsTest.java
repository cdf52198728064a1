package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.local.FixtureApp;
import io.cfkit.cfdeploy.local.LocalPlatform;
import io.cfkit.cfdeploy.local.StateDir;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.state.CommandLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout scenarios on the real local platform: its supervisor and real processes on loopback, each app a tiny
 * {@link FixtureApp}. One kit for the class, put back to the apps a scenario starts from before each. The faults are
 * real: instances that crash as they start, a health endpoint that answers 503 to the real smoke test, the kit's lock
 * held by another command. Gateways, policy store and waits stay the contract's fakes: the platform is what is tested.
 */
class LocalPlatformRolloutsTest extends RolloutsContract {

    private static final String FIXTURE_COMMAND = "exec " + ProcessHandle.current().info().command().orElse("java")
            + " -Xmx32m -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path") + " "
            + FixtureApp.class.getName();
    private static final StringWriter PLATFORM_OUTPUT = new StringWriter();

    @TempDir
    static Path kit;

    private static LocalPlatform local;

    @AfterAll
    static void stopTheKit() {
        if (local != null) {
            local.down();
        }
    }

    /**
     * No edge-gateway: the gateway is the contract's fake, and a real app of that name would make the local platform
     * wait for it to reach every new instance through Eureka.
     */
    @Override
    protected Platform platformRunning(List<AppManifest> apps) {
        clearFaults();
        List<AppManifest> onLoopback = apps.stream().filter(app -> !app.name().equals("edge-gateway"))
                .map(LocalPlatformRolloutsTest::onLoopback).toList();
        if (local == null) {
            local = new LocalPlatform(new StateDir(kit.resolve("state")), new PrintWriter(PLATFORM_OUTPUT, true));
            local.up(AppSet.of(onLoopback));
        } else {
            putBack(onLoopback);
        }
        return local;
    }

    /**
     * The app as a fixture with the same name, instances, routes and environment. Its health check is the port: the
     * platform counts an instance up once it listens, so a sick /health is the smoke test's to find, as on a
     * foundation with a port health check.
     */
    private static AppManifest onLoopback(AppManifest app) {
        Map<String, String> env = new LinkedHashMap<>(app.env());
        env.put("FIXTURE_FAULTS", faults().toString());
        return new AppManifest(app.name(), app.manifestFile(), null, FIXTURE_COMMAND, 64, app.instances(),
                app.routes(), env, "port", "/health", 20);
    }

    /**
     * What the scenario before may have left is removed; an app changed or stopped is pushed again (started with its
     * manifest's count), one scaled is scaled back.
     */
    private static void putBack(List<AppManifest> apps) {
        Set<String> wanted = apps.stream().map(AppManifest::name).collect(Collectors.toSet());
        local.apps().stream().map(AppStatus::name).filter(name -> !wanted.contains(name)).forEach(local::delete);
        for (AppManifest app : apps) {
            Optional<AppStatus> status = local.apps().stream().filter(a -> a.name().equals(app.name())).findFirst();
            if (local.manifest(app.name()).filter(app::equals).isEmpty()
                    || status.get().requestedState().equals("stopped")) {
                local.push(app);
            } else if (status.get().desiredInstances() != app.instances()) {
                local.scale(app.name(), app.instances());
            }
        }
    }

    /**
     * A push or start fails as the app's new instances crash as they start; a stop, as another cf-deploy command holds
     * the kit's lock while it is asked.
     */
    @Override
    protected String failOn(String call) {
        String[] words = call.split(" ");
        switch (words[0]) {
            case "push", "start" -> {
                fault(words[1], FixtureApp.CRASH);
                return "crashed 3 times";
            }
            case "stop" -> {
                platform.during(call, () -> CommandLock.acquire(local.stateDir().lock(), "another command",
                        holder -> "the test could not take the kit's lock: " + holder));
                return "another cf-deploy command is changing the kit";
            }
            default -> throw new IllegalArgumentException("no real fault for '" + call + "' on the local platform");
        }
    }

    /** The app's next instances answer 503 on /health, which the platform does not check and the smoke test does. */
    @Override
    protected void failSmokeTestOf(String app) {
        fault(app, FixtureApp.UNHEALTHY);
    }

    /** The real smoke test (the health check on each address), after the fake has recorded the addresses. */
    @Override
    protected SmokeTest smokeTest() {
        SmokeTest real = new UrlSmokeTest(null, new PrintWriter(output, true));
        return (app, urls) -> {
            smokeTest.run(app, urls);
            real.run(app, urls);
        };
    }

    /** One of the app's instances' own addresses. */
    @Override
    protected boolean isAddressOf(String app, URI url) {
        return local.apps().stream().filter(a -> a.name().equals(app)).flatMap(a -> a.instances().stream())
                .anyMatch(instance -> URI.create(instance.url()).equals(url));
    }

    private static Path faults() {
        return kit.resolve("faults");
    }

    private static void fault(String app, String fault) {
        try {
            Files.createDirectories(faults());
            Files.writeString(faults().resolve(app), fault);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void clearFaults() {
        if (!Files.isDirectory(faults())) {
            return;
        }
        try (Stream<Path> files = Files.list(faults())) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
