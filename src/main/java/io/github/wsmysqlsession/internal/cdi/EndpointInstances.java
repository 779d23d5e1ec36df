package io.github.wsmysqlsession.internal.cdi;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.InterceptionFactory;
import jakarta.enterprise.inject.spi.Unmanaged;
import jakarta.websocket.OnClose;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Creates endpoint instances for {@code MySqlSessionConfigurator}: from CDI when the class is a bean,
 * else through {@link Unmanaged} (so injection works even where the endpoint is not a bean), then
 * wrapped with {@link SessionBound} by {@link BeanManager#createInterceptionFactory}. This worked on
 * WildFly, Payara and Open Liberty where binding the interceptor any other way did not.
 */
public final class EndpointInstances {

    /** How to release each live instance, keyed by the instance the interceptor sees as its target. */
    private static final Map<Object, Runnable> RELEASERS = Collections.synchronizedMap(new IdentityHashMap<>());

    private EndpointInstances() {
    }

    /**
     * @param type the endpoint class
     * @param <T> its type
     * @return a new, intercepted instance
     * @throws InstantiationException when CDI is not available or cannot create the instance
     */
    public static <T> T create(Class<T> type) throws InstantiationException {
        BeanManager bm;
        try {
            bm = CDI.current().getBeanManager();
        } catch (IllegalStateException e) {
            InstantiationException failure = new InstantiationException("MySqlSessionConfigurator needs CDI (a Jakarta "
                    + "EE server, or Weld); without a container build the endpoint with SessionEndpoint.config(...)");
            failure.initCause(e);
            throw failure;
        }
        try {
            return intercept(bm, type);
        } catch (RuntimeException e) {
            InstantiationException failure = new InstantiationException("Could not create endpoint " + type.getName()
                    + " through CDI: " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T intercept(BeanManager bm, Class<T> type) {
        Set<Bean<?>> beans = bm.getBeans(type);
        Bean<?> bean = beans.isEmpty() ? null : bm.resolve(beans);
        T instance;
        CreationalContext<T> context;
        Runnable release;
        if (bean != null) {
            context = bm.createCreationalContext((Bean<T>) bean);
            instance = (T) bm.getReference(bean, type, context);
            release = context::release;
        } else {
            Unmanaged.UnmanagedInstance<T> unmanaged = new Unmanaged<>(bm, type).newInstance();
            instance = unmanaged.produce().inject().postConstruct().get();
            context = bm.createCreationalContext(null);
            release = () -> unmanaged.preDestroy().dispose();
        }
        if (hasOnClose(type)) {
            // Without an @OnClose nothing tells us when the connection ends; the instance is then left to GC.
            RELEASERS.put(instance, release);
        }
        if (type.isAnnotationPresent(SessionBound.class) && bean != null) {
            return instance; // the container already intercepts it
        }
        InterceptionFactory<T> factory = bm.createInterceptionFactory(context, type);
        factory.configure().add(SessionBound.Literal.INSTANCE);
        return factory.createInterceptedInstance(instance);
    }

    private static boolean hasOnClose(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(OnClose.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Releases an instance made by {@link #create}; does nothing for others.
     *
     * @param target the instance, as the interceptor sees it
     */
    static void release(Object target) {
        Runnable release = RELEASERS.remove(target);
        if (release != null) {
            release.run();
        }
    }
}
