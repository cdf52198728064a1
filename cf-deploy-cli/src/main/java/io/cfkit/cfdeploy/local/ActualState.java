package io.cfkit.cfdeploy.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What runs, as the supervisor last saw it. */
public record ActualState(long supervisorPid, long updatedAtMillis, Map<String, List<InstanceState>> apps,
        List<String> problems) {

    public ActualState {
        apps = new LinkedHashMap<>(apps);
        problems = List.copyOf(problems);
    }

    /** One instance of an app. {@code state}: STARTING, RUNNING, CRASHED or STOPPING. */
    public record InstanceState(int index, String guid, int port, long pid, String state, long sinceMillis,
            int crashes, String lastCrash) {
    }

    public List<InstanceState> instances(String app) {
        return apps.getOrDefault(app, List.of());
    }
}
