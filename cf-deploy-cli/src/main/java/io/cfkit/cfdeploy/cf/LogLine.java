package io.cfkit.cfdeploy.cf;

import java.time.Instant;
import java.util.Map;
import org.cloudfoundry.logcache.v1.Envelope;

/** A log-cache envelope printed as {@code cf logs} prints it: time, source and instance, then the line. */
final class LogLine {

    private LogLine() {
    }

    static String of(Envelope envelope) {
        Map<String, String> tags = envelope.getTags() != null ? envelope.getTags() : Map.of();
        String source = tags.getOrDefault("source_type", "APP");
        String instance = envelope.getInstanceId() != null ? envelope.getInstanceId() : "";
        String payload = envelope.getLog() != null && envelope.getLog().getPayload() != null
                ? envelope.getLog().getPayloadAsText() : "";
        String time = envelope.getTimestamp() != null
                ? Instant.ofEpochSecond(0, envelope.getTimestamp()).toString() + " " : "";
        return time + "[" + source + "/" + instance + "] " + payload.stripTrailing();
    }
}
