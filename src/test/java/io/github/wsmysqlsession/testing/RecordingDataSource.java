package io.github.wsmysqlsession.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * A datasource that records the queries run on its connections and the update count each
 * {@code executeUpdate} returned, so that a test can tell which statements the library ran.
 */
public final class RecordingDataSource {

    /**
     * One executed update.
     *
     * @param sql the statement's text
     * @param count the update count it returned
     */
    public record Update(String sql, int count) {
    }

    private final List<Update> updates = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final DataSource dataSource;

    /** @param target the datasource to record */
    public RecordingDataSource(DataSource target) {
        dataSource = proxy(DataSource.class, target, (result, method, args) ->
                method.getName().equals("getConnection") ? connection((Connection) result) : result);
    }

    /** @return the recording datasource, to give the library */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return the text of the queries executed so far, oldest first */
    public List<String> queries() {
        return queries;
    }

    /** @return the updates executed so far, oldest first */
    public List<Update> updates() {
        return updates;
    }

    private Connection connection(Connection c) {
        return proxy(Connection.class, c, (result, method, args) -> method.getName().equals("prepareStatement")
                ? statement((PreparedStatement) result, (String) args[0]) : result);
    }

    private PreparedStatement statement(PreparedStatement s, String sql) {
        return proxy(PreparedStatement.class, s, (result, method, args) -> {
            if (method.getName().equals("executeUpdate") && (args == null || args.length == 0)) {
                updates.add(new Update(sql, (Integer) result));
            } else if (method.getName().equals("executeQuery") && (args == null || args.length == 0)) {
                queries.add(sql);
            }
            return result;
        });
    }

    /** What to do with a call's result. */
    @FunctionalInterface
    private interface After {
        Object apply(Object result, Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (p, method, args) -> {
            try {
                return after.apply(method.invoke(target, args), method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(RecordingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
