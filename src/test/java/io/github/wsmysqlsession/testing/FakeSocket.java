package io.github.wsmysqlsession.testing;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the library needs of a connection, without a network: user properties, an id, and a record of
 * the text frames the library sent to it (through the basic or the async remote). Thread-safe.
 */
public final class FakeSocket {

    private static final AtomicLong IDS = new AtomicLong();

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger busyFor = new AtomicInteger();
    private volatile boolean broken;
    private final Session session;
    private volatile boolean open = true;

    private FakeSocket() {
        String id = "fake-" + IDS.incrementAndGet();
        Map<String, Object> props = new ConcurrentHashMap<>();
        InvocationHandler record = (proxy, method, args) -> {
            if (method.getName().equals("sendText") && args != null && args[0] instanceof String text) {
                if (busyFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    // what Tomcat and Undertow do while another thread is sending on the connection
                    throw new IllegalStateException("The remote endpoint was in state [TEXT_FULL_WRITING]");
                }
                if (broken) {
                    throw new IOException("Broken pipe");
                }
                sent.add(text);
                if (args.length == 2 && args[1] instanceof SendHandler handler) {
                    handler.onResult(new SendResult());
                } else if (method.getReturnType() == Future.class) {
                    return CompletableFuture.completedFuture(null);
                }
            }
            return null;
        };
        Object basic = Proxy.newProxyInstance(FakeSocket.class.getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class}, record);
        Object async = Proxy.newProxyInstance(FakeSocket.class.getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, record);
        session = (Session) Proxy.newProxyInstance(FakeSocket.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getUserProperties" -> props;
                    case "getId", "toString" -> id;
                    case "isOpen" -> open;
                    case "getBasicRemote" -> basic;
                    case "getAsyncRemote" -> async;
                    case "close" -> {
                        open = false;
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    /** @return a new open connection */
    public static FakeSocket open() {
        return new FakeSocket();
    }

    /** @return a new open connection, as the library sees it */
    public static Session create() {
        return open().session();
    }

    /** @return the connection as the library sees it */
    public Session session() {
        return session;
    }

    /** @return the text frames the library sent, oldest first */
    public List<String> sent() {
        return sent;
    }

    /** Makes the next {@code attempts} sends fail as a connection does while another thread sends on it. */
    public void busyFor(int attempts) {
        busyFor.set(attempts);
    }

    /** Makes every send fail as on a connection whose network is gone. */
    public void breakSends() {
        broken = true;
    }

    /** @return whether {@code close} was called */
    public boolean closed() {
        return !open;
    }
}
