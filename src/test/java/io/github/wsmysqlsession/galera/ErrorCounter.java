package io.github.wsmysqlsession.galera;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} so that every {@link SQLException} its connections and statements throw
 * is counted by error code (1213 deadlock or Galera conflict, 1205 lock wait timeout, 1047 node not
 * ready, 0 for connection failures) before it reaches the library. The library replays 1213 and 1205
 * up to writeRetries times, so their counts are the replays it made plus the failures it reported.
 */
final class ErrorCounter {

    private final Map<Integer, LongAdder> counts = new ConcurrentHashMap<>();

    /** @return {@code ds} with its errors counted here */
    DataSource wrap(DataSource ds) {
        return proxy(DataSource.class, ds);
    }

    /** @return how many errors with this code were thrown so far */
    long count(int code) {
        LongAdder a = counts.get(code);
        return a == null ? 0 : a.sum();
    }

    /** @return every code seen so far with its count, for the report */
    Map<Integer, Long> snapshot() {
        Map<Integer, Long> m = new TreeMap<>();
        counts.forEach((code, n) -> m.put(code, n.sum()));
        return m;
    }

    /** Forgets the counts. */
    void reset() {
        counts.clear();
    }

    private <T> T proxy(Class<T> type, T target) {
        InvocationHandler handler = (p, method, args) -> invoke(target, method, args);
        return type.cast(Proxy.newProxyInstance(ErrorCounter.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private Object invoke(Object target, Method method, Object[] args) throws Throwable {
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException s) {
                counts.computeIfAbsent(s.getErrorCode(), c -> new LongAdder()).increment();
            }
            throw e.getCause();
        }
        Class<?> returned = method.getReturnType();
        if (result != null && (returned == Connection.class || Statement.class.isAssignableFrom(returned))) {
            @SuppressWarnings("unchecked")
            Class<Object> type = (Class<Object>) returned;
            return proxy(type, result);
        }
        return result;
    }
}
