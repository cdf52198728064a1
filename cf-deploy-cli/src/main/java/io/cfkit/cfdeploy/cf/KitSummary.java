package io.cfkit.cfdeploy.cf;

import io.cfkit.cfdeploy.platform.AppStatus;
import io.cfkit.cfdeploy.platform.AppVersions;
import java.io.PrintWriter;
import java.util.List;

/** What {@code push} prints once the whole kit runs on Cloud Foundry: each app, the gateway, the Eureka dashboard. */
public final class KitSummary {

    private KitSummary() {
    }

    public static void print(List<AppStatus> apps, PrintWriter out) {
        out.println();
        out.println("The kit is up:");
        for (AppStatus app : apps) {
            out.printf("  %-20s %d/%d  %s%n", app.name(), app.runningInstances(), app.desiredInstances(),
                    publicUrl(app).orElse("(no route: reached through the gateway)"));
        }
        // switched, the gateway's route is on edge-gateway-VERSION
        apps.stream().filter(a -> AppVersions.isVersionOf(a.name(), NetworkPolicies.GATEWAY))
                .flatMap(a -> publicUrl(a).stream()).findFirst().ifPresent(url -> out.println("Gateway: " + url));
        apps.stream().filter(a -> a.name().equals("discovery-service")).findFirst().flatMap(KitSummary::publicUrl)
                .ifPresent(url -> out.println("Eureka dashboard: " + url
                        + " (user and password: EUREKA_USERNAME / EUREKA_PASSWORD as pushed)"));
        out.println("See the instances with ./cf-deploy apps --target cf.");
    }

    private static java.util.Optional<String> publicUrl(AppStatus app) {
        return app.routes().stream().filter(r -> !r.endsWith(".apps.internal")).map(r -> "https://" + r + "/")
                .findFirst();
    }
}
