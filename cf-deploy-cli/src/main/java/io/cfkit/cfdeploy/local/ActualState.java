package io.cfkit.cfdeploy.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What runs, as the supervisor last saw it.
 *
 * @param updatedAtMillis when the supervisor last saw a change (it writes the file only then)
 * @param routes per loopback route port, the apps whose running instances its router relays to
 */
public record ActualState(long supervisorPid, long updatedAtMillis, Map<String, List<InstanceState>> apps,
        List<String> problems, Map<Integer, List<String>> routes) {

    public ActualState {
        apps = new LinkedHashMap<>(apps);
        problems = List.copyOf(problems);
        routes = routes == null ? Map.of() : new LinkedHashMap<>(routes);
    }

    /** What runs with no route relayed. */
    public ActualState(long supervisorPid, long updatedAtMillis, Map<String, List<InstanceState>> apps,
            List<String> problems) {
        this(supervisorPid, updatedAtMillis, apps, problems, Map.of());
    }

    /** One instance of an app. {@code state}: STARTING, RUNNING, CRASHED or STOPPING. */
    public record InstanceState(int index, String guid, int port, long pid, String state, long sinceMillis,
            int crashes, String lastCrash) {
    }

    public List<InstanceState> instances(String app) {
        return apps.getOrDefault(app, List.of());
    }

    /** The apps the router of that port relays to. */
    public List<String> routedApps(int port) {
        return routes.getOrDefault(port, List.of());
    }
}
