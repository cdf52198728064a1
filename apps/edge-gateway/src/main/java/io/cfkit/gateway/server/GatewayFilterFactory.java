package io.cfkit.gateway.server;

import com.netflix.zuul.FilterFactory;
import com.netflix.zuul.filters.ZuulFilter;
import io.cfkit.gateway.filters.GatewayServices;
import java.lang.reflect.Constructor;

/**
 * Creates filters without Guice: a filter that needs collaborators takes {@link GatewayServices} in its constructor,
 * any other has a no-argument one.
 */
final class GatewayFilterFactory implements FilterFactory {

    private final GatewayServices services;

    GatewayFilterFactory(GatewayServices services) {
        this.services = services;
    }

    @Override
    public ZuulFilter<?, ?> newInstance(Class<?> clazz) throws Exception {
        for (Constructor<?> constructor : clazz.getConstructors()) {
            Class<?>[] params = constructor.getParameterTypes();
            if (params.length == 1 && params[0] == GatewayServices.class) {
                return (ZuulFilter<?, ?>) constructor.newInstance(services);
            }
        }
        return (ZuulFilter<?, ?>) clazz.getConstructor().newInstance();
    }
}
