package io.cfkit.cfdeploy.cf;

import io.cfkit.cfdeploy.manifest.AppManifest;
import io.cfkit.cfdeploy.manifest.AppSet;
import io.cfkit.cfdeploy.platform.AppVersions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The container-to-container policies the kit needs: the edge gateway balances over the instances of every app that
 * has only internal routes ({@code *.apps.internal}), reaching each at the container address it registered in Eureka,
 * on the port Cloud Foundry gives apps. As {@code cf add-network-policy edge-gateway APP --port 8080 --protocol tcp}.
 */
public final class NetworkPolicies {

    /** The app that reaches the others over the container network. */
    public static final String GATEWAY = "edge-gateway";
    /** The port Cloud Foundry gives an app's processes ($PORT). */
    public static final int APP_PORT = 8080;

    private NetworkPolicies() {
    }

    /** One allowed connection: {@code source} may open TCP connections to {@code destination}'s instances. */
    public record Policy(String source, String destination, int port) {
    }

    /** A route on the internal domain, reached only over the container network. */
    public static boolean internal(String route) {
        int slash = route.indexOf('/');
        return (slash < 0 ? route : route.substring(0, slash)).endsWith(".apps.internal");
    }

    /**
     * The policies of the kit's gateway and of every version of it among {@code started} (the switch runs the live
     * gateway as edge-gateway-VERSION, which must reach what edge-gateway reaches, new apps included).
     */
    public static List<Policy> needed(AppSet apps, Collection<String> started) {
        List<Policy> policies = new ArrayList<>();
        if (!apps.names().contains(GATEWAY)) {
            return policies;
        }
        List<String> reached = apps.inStartOrder().stream().filter(app -> !app.name().equals(GATEWAY)
                && !app.routes().isEmpty() && app.routes().stream().allMatch(NetworkPolicies::internal))
                .map(AppManifest::name).toList();
        List<String> gateways = new ArrayList<>(List.of(GATEWAY));
        started.stream().filter(name -> !name.equals(GATEWAY) && AppVersions.isVersionOf(name, GATEWAY)).sorted()
                .forEach(gateways::add);
        for (String gateway : gateways) {
            reached.forEach(app -> policies.add(new Policy(gateway, app, APP_PORT)));
        }
        return policies;
    }
}
