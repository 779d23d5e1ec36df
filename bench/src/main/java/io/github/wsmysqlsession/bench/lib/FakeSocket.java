package io.github.wsmysqlsession.bench.lib;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Session} without a network: what {@code SessionManager} needs of a connection (its user
 * properties, an id, open, a remote that swallows frames), so that writes can be measured without
 * WebSocket in the way.
 */
final class FakeSocket {

    private static final AtomicLong IDS = new AtomicLong();

    private FakeSocket() {
    }

    static Session create() {
        String id = "fake-" + IDS.incrementAndGet();
        Map<String, Object> props = new ConcurrentHashMap<>();
        RemoteEndpoint.Basic remote = (RemoteEndpoint.Basic) Proxy.newProxyInstance(
                FakeSocket.class.getClassLoader(), new Class<?>[] {RemoteEndpoint.Basic.class},
                (proxy, method, args) -> defaultValue(method.getReturnType()));
        return (Session) Proxy.newProxyInstance(FakeSocket.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getUserProperties" -> props;
                    case "getId", "toString" -> id;
                    case "isOpen" -> true;
                    case "getBasicRemote" -> remote;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> defaultValue(method.getReturnType());
                });
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }
}
