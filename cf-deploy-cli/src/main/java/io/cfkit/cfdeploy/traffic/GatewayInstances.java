package io.cfkit.cfdeploy.traffic;

import io.cfkit.cfdeploy.traffic.GatewayFleet.Gateway;
import java.util.List;

/**
 * Lists the edge-gateway instances, each with how cf-deploy reaches it from where it runs: locally at the address it
 * registered in Eureka; on Cloud Foundry through the gateway's route, with a header naming the instance, because the
 * address it registered is a container address nobody outside the container network can reach.
 */
@FunctionalInterface
public interface GatewayInstances {

    /** The instances that run now; a UserError saying what to do when there is none. */
    List<Gateway> gateways();
}
