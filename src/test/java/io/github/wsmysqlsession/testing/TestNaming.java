package io.github.wsmysqlsession.testing;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;

/**
 * A JNDI look-up for tests outside a container: select it with the system property
 * {@code java.naming.factory.initial}, then {@link #bind} names as a server's configuration would.
 */
public final class TestNaming implements InitialContextFactory {

    private static final Map<String, Object> NAMES = new ConcurrentHashMap<>();

    /** Binds a name. */
    public static void bind(String name, Object value) {
        NAMES.put(name, value);
    }

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "lookup" -> {
                        Object value = NAMES.get(String.valueOf(args[0]));
                        if (value == null) {
                            throw new NameNotFoundException(String.valueOf(args[0]));
                        }
                        yield value;
                    }
                    case "close" -> null;
                    case "toString" -> "TestNaming";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
