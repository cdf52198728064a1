package io.cfkit.cfdeploy.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.state.JsonStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The environment and command line an instance gets: what Cloud Foundry gives a container, in the same
 * shape, so that an app cannot tell the local platform from the real one by its variables.
 */
final class InstanceEnvironment {

    /** Passed through from the supervisor; nothing else of the user's environment leaks in. */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR",
            "JAVA_HOME", "USER");

    private InstanceEnvironment() {
    }

    static Map<String, String> of(AppManifest app, int index, String guid, int port, Map<String, String> parent) {
        Map<String, String> env = new LinkedHashMap<>();
        INHERITED.forEach(name -> {
            if (parent.containsKey(name)) {
                env.put(name, parent.get(name));
            }
        });
        env.put("PORT", Integer.toString(port));
        env.put("CF_INSTANCE_INDEX", Integer.toString(index));
        env.put("CF_INSTANCE_GUID", guid);
        env.put("CF_INSTANCE_PORT", Integer.toString(port));
        env.put("CF_INSTANCE_ADDR", "127.0.0.1:" + port);
        env.put("CF_INSTANCE_IP", "127.0.0.1");
        env.put("MEMORY_LIMIT", app.memoryMb() + "m");
        env.put("VCAP_APPLICATION", vcapApplication(app, index, guid, port));
        env.putAll(app.env());
        return env;
    }

    static String vcapApplication(AppManifest app, int index, String guid, int port) {
        ObjectNode vcap = JsonStore.MAPPER.createObjectNode();
        String appId = UUID.nameUUIDFromBytes(app.name().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        vcap.put("application_id", appId);
        vcap.put("application_name", app.name());
        vcap.put("name", app.name());
        vcap.putArray("application_uris").addAll(app.routes().stream()
                .map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList());
        vcap.putArray("uris").addAll(app.routes().stream()
                .map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList());
        vcap.put("instance_id", guid);
        vcap.put("instance_index", index);
        vcap.put("port", port);
        vcap.put("space_name", "local");
        vcap.put("organization_name", "local");
        vcap.putObject("limits").put("mem", app.memoryMb());
        return vcap.toString();
    }

    /**
     * {@code java -jar} with a heap of three quarters of the app's memory: the rest is left for metaspace,
     * thread stacks and the code cache, roughly as the Java buildpack's memory calculator does. The manifest's
     * {@code JAVA_OPTS} follow, split at spaces as the buildpack's start command does, so they win over the heap
     * computed here as they win over the buildpack's.
     */
    static List<String> command(AppManifest app, String javaBinary) {
        if (app.command() != null) {
            return List.of("/bin/sh", "-c", app.command());
        }
        List<String> command = new ArrayList<>(List.of(javaBinary, "-Xmx" + heapMb(app.memoryMb()) + "m"));
        String javaOpts = app.env().get("JAVA_OPTS");
        if (javaOpts != null && !javaOpts.isBlank()) {
            command.addAll(List.of(javaOpts.trim().split("\\s+")));
        }
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-jar", app.path()));
        return command;
    }

    static int heapMb(int memoryMb) {
        return Math.max(32, memoryMb * 3 / 4);
    }
}
