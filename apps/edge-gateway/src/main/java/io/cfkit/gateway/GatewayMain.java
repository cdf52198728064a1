package io.cfkit.gateway;

/** {@code java -jar edge-gateway.jar}: reads the environment, starts the gateway, stops it on SIGTERM. */
public final class GatewayMain {

    private GatewayMain() {}

    public static void main(String[] args) {
        Gateway gateway;
        try {
            gateway = Gateway.start(GatewaySettings.fromEnvironment());
        } catch (StartupException e) {
            // One line an operator can act on (which variable, which server), not a stack trace.
            System.err.println("edge-gateway: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
    }
}
