package io.cfkit.cfdeploy.cf;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import org.cloudfoundry.client.v3.processes.ProcessState;

/**
 * Reads the documented instance state STOPPING, which cf-java-client 5.15's {@link ProcessState} lacks (it throws,
 * and with it the whole stats response), as DOWN: an instance that is stopping no longer runs, which is all that
 * {@code scale} and {@code apps} need to know. Without it a scale-down fails while instances stop.
 */
final class StoppingInstances extends DeserializationProblemHandler {

    @Override
    public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument,
            Throwable t) {
        if (instClass == ProcessState.class && "STOPPING".equalsIgnoreCase(String.valueOf(argument))) {
            return ProcessState.DOWN;
        }
        return NOT_HANDLED;
    }
}
