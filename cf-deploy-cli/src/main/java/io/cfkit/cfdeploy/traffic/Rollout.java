package io.cfkit.cfdeploy.traffic;

import java.util.List;

/**
 * Where one service's rollout stands: the version taking traffic, the canary beside it (if any), the
 * version before the last promote (for rollback), and the step plan in progress.
 *
 * @param previous the version that was stable before the last promote, stopped but kept
 * @param via      how traffic reaches the versions, so that a rollback takes the same way back
 */
public record Rollout(String service, Version stable, Version canary, Version previous, Plan plan, Via via) {

    /** How traffic goes from one version to the next. */
    public enum Via {
        /** Weights in the gateway's traffic policy: deploy, canary, promote. */
        GATEWAY,
        /** The app's own routes, moved from one app to the other: switch (an app not behind the gateway). */
        ROUTE_SWITCH
    }

    /** A rollout written before {@code via} existed went through the gateway. */
    public Rollout {
        via = via == null ? Via.GATEWAY : via;
    }

    public Rollout(String service, Version stable, Version canary, Version previous, Plan plan) {
        this(service, stable, canary, previous, plan, Via.GATEWAY);
    }

    /** A version of the service and the app that runs it. */
    public record Version(String name, String app, int instances) {
    }

    /** A step plan: the weights, the index of the current step, and whether it waits for {@code resume}. */
    public record Plan(List<Integer> steps, int step, boolean paused) {

        public Plan {
            steps = List.copyOf(steps);
        }

        public String describe() {
            return "step " + (step + 1) + " of " + steps.size() + " (" + steps.get(step) + " %)"
                    + (paused ? ", paused: cf-deploy resume" : "");
        }
    }

    public boolean hasCanary() {
        return canary != null;
    }

    Rollout withCanary(Version version) {
        return new Rollout(service, stable, version, previous, null);
    }

    Rollout withPlan(Plan next) {
        return new Rollout(service, stable, canary, previous, next);
    }

    Rollout promoted() {
        return new Rollout(service, canary, null, stable, null);
    }

    Rollout canaryAbandoned() {
        return new Rollout(service, stable, null, previous, null);
    }

    /** Back on the previous version; a second rollback has nothing to go back to (it would be a roll forward). */
    Rollout rolledBackToPrevious() {
        return new Rollout(service, previous, null, null, null);
    }
}
