package io.cfkit.cfdeploy.platform;

import java.util.List;

/** An app as a platform reports it. */
public record AppStatus(String name, String requestedState, int desiredInstances, int memoryMb,
        List<String> routes, List<InstanceStatus> instances) {

    public AppStatus {
        routes = List.copyOf(routes);
        instances = List.copyOf(instances);
    }

    public long runningInstances() {
        return instances.stream().filter(i -> i.state().equals("RUNNING")).count();
    }

    /** One instance. {@code url} is where the instance itself answers; {@code pid} is 0 where unknown. */
    public record InstanceStatus(int index, String state, int port, String url, long pid, long sinceMillis,
            int crashes) {
    }
}
