package io.cfkit.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One kit for the whole end-to-end run: started by the first test class that needs it, stopped by JUnit
 * when the run ends (the root store closes it), also when tests fail.
 */
final class SharedKit implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKit.class);

    static Kit kit;

    @Override
    public void beforeAll(ExtensionContext context) {
        kit = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("kit", key -> {
            try {
                return Kit.start();
            } catch (Exception e) {
                throw new IllegalStateException("the kit did not start", e);
            }
        }, Kit.class);
    }
}
