package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.Platform;
import io.cfkit.cfdeploy.platform.SmokeTarget;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Any platform, with the calls that change something recorded as {@code "push hello-green"}, and failing the calls
 * it is told to fail (before they reach the platform, which is then left as it was), or making them under a
 * condition the test sets up (held while the call runs, e.g. a lock another command holds).
 */
public final class RecordingPlatform implements Platform {

    private final Platform platform;
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Supplier<AutoCloseable>> conditions = new HashMap<>();

    public RecordingPlatform(Platform platform) {
        this.platform = platform;
    }

    /** Makes the call fail, e.g. {@code "start hello"}, before it reaches the platform. */
    public void failOn(String call) {
        during(call, () -> {
            throw new UserError(call + " failed");
        });
    }

    /** Each time the call is made, {@code condition} is opened before it reaches the platform and closed after. */
    public void during(String call, Supplier<AutoCloseable> condition) {
        conditions.put(call, condition);
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the calls made so far, so that {@link #calls()} lists only those made next. */
    public void forgetCalls() {
        calls.clear();
    }

    @Override
    public List<AppStatus> apps() {
        return platform.apps();
    }

    @Override
    public Optional<AppManifest> manifest(String app) {
        return platform.manifest(app);
    }

    @Override
    public List<String> recentLogs(String app, int lines) {
        return platform.recentLogs(app, lines);
    }

    @Override
    public void scale(String app, int instances) {
        record("scale " + app + " " + instances, () -> platform.scale(app, instances));
    }

    @Override
    public void push(AppManifest app) {
        record("push " + app.name(), () -> platform.push(app));
    }

    @Override
    public void start(String app) {
        record("start " + app, () -> platform.start(app));
    }

    @Override
    public void stop(String app) {
        record("stop " + app, () -> platform.stop(app));
    }

    @Override
    public void delete(String app) {
        record("delete " + app, () -> platform.delete(app));
    }

    @Override
    public void rename(String app, String newName) {
        record("rename " + app + " " + newName, () -> platform.rename(app, newName));
    }

    @Override
    public SmokeTarget openSmokeTarget(String app) {
        SmokeTarget[] opened = new SmokeTarget[1];
        record("openSmokeTarget " + app, () -> opened[0] = platform.openSmokeTarget(app));
        SmokeTarget target = opened[0];
        return new SmokeTarget() {
            @Override
            public List<URI> urls() {
                return target.urls();
            }

            @Override
            public void close() {
                calls.add("closeSmokeTarget " + app);
                target.close();
            }
        };
    }

    @Override
    public void mapRoute(String app, String route) {
        record("mapRoute " + app + " " + route, () -> platform.mapRoute(app, route));
    }

    @Override
    public void unmapRoute(String app, String route) {
        record("unmapRoute " + app + " " + route, () -> platform.unmapRoute(app, route));
    }

    @Override
    public void allowTrafficLike(String app, String like) {
        record("allowTrafficLike " + app + " " + like, () -> platform.allowTrafficLike(app, like));
    }

    private void record(String call, Runnable platformCall) {
        calls.add(call);
        Supplier<AutoCloseable> condition = conditions.get(call);
        if (condition == null) {
            platformCall.run();
            return;
        }
        try (AutoCloseable held = condition.get()) {
            platformCall.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not close the condition of " + call, e);
        }
    }
}
