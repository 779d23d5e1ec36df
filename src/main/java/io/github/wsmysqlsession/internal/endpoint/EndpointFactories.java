package io.github.wsmysqlsession.internal.endpoint;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The {@link EndpointFactory} that {@code MySqlSessionConfigurator} uses instead of CDI, when one is
 * installed. The WebSocket container creates the configurator with {@code new}, so nothing but a
 * static reaches it. The latest installed factory serves every endpoint of the class loader;
 * uninstalling it gives the earlier one back (a test JVM may keep several Spring contexts alive).
 * Thread-safe.
 */
public final class EndpointFactories {

    private static final System.Logger LOG = System.getLogger(EndpointFactories.class.getName());
    private static final Deque<EndpointFactory> INSTALLED = new ArrayDeque<>();

    private EndpointFactories() {
    }

    /**
     * @param factory makes the endpoint instances from now on
     */
    public static synchronized void install(EndpointFactory factory) {
        Objects.requireNonNull(factory, "factory");
        if (!INSTALLED.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "websocket-mysql-session: a second application context in this "
                    + "class loader serves MySqlSessionConfigurator endpoints; the latest started creates them all");
        }
        INSTALLED.push(factory);
    }

    /**
     * @param factory a factory given to {@link #install}; others are ignored
     */
    public static synchronized void uninstall(EndpointFactory factory) {
        INSTALLED.remove(factory);
    }

    /**
     * @return the latest installed factory, or {@code null} when none is (then CDI makes the instances)
     */
    public static synchronized EndpointFactory installed() {
        return INSTALLED.peek();
    }
}
