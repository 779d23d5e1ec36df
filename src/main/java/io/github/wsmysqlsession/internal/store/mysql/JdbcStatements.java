package io.github.wsmysqlsession.internal.store.mysql;

import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Runs one statement as its own transaction on a connection of the datasource: in auto-commit mode
 * (one round trip, where a resource-local JPA transaction costs four with Hibernate:
 * {@code SET autocommit=0}, the statement, {@code COMMIT}, {@code SET autocommit=1}), or committed
 * explicitly when the pool hands out connections without auto-commit. Bounded by the
 * {@link StatementWatchdog}, not {@code setQueryTimeout}. Thread-safe.
 */
final class JdbcStatements implements AutoCloseable {

    /** Reads what a query returned. */
    @FunctionalInterface
    interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** What runs the prepared, bound statement. */
    @FunctionalInterface
    private interface Call<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private final DataSource dataSource;
    private final StatementWatchdog watchdog;
    private final StoreErrors errors;

    JdbcStatements(DataSource dataSource, Duration timeout, StoreErrors errors) {
        this.dataSource = dataSource;
        this.watchdog = new StatementWatchdog(timeout);
        this.errors = errors;
    }

    /** @return the update count */
    int update(String action, String sql, Object... params) {
        return run(action, true, false, sql, params, PreparedStatement::executeUpdate);
    }

    /**
     * An update whose reply carries a generated key: the value an {@code UPDATE} gave
     * {@code LAST_INSERT_ID(expr)}.
     *
     * @param count the update count
     * @param key the key as the driver reports it (unsigned, so a negative value comes back as
     *     2^64 + value), or {@code null} when it reported none (a value of 0)
     */
    record KeyedUpdate(int count, String key) {
    }

    KeyedUpdate updateWithKey(String action, String sql, Object... params) {
        return run(action, true, true, sql, params, s -> {
            int count = s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                return new KeyedUpdate(count, keys.next() ? keys.getString(1) : null);
            }
        });
    }

    <T> T query(String action, String sql, Object[] params, Rows<T> rows) {
        return run(action, false, false, sql, params, s -> {
            try (ResultSet rs = s.executeQuery()) {
                return rows.read(rs);
            }
        });
    }

    private <T> T run(String action, boolean write, boolean keys, String sql, Object[] params, Call<T> call) {
        boolean sent = false;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            try (PreparedStatement s = keys ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
                    : c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                StatementWatchdog.Watch watch = watchdog.watch(c, s);
                sent = write;
                try {
                    T result = call.run(s);
                    if (!autoCommit) {
                        c.commit();
                    }
                    return result;
                } catch (SQLException e) {
                    throw watch.explain(e);
                } finally {
                    watch.close();
                    if (watch.connectionAborted()) {
                        discard(c);
                    }
                }
            } catch (SQLException e) {
                if (!autoCommit) {
                    rollbackQuietly(c, e);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw errors.translate(action, new PersistenceException(e), sent);
        }
    }

    /**
     * Makes the pool drop a connection the watchdog closed. The statement usually failed on the
     * closed socket, which the pool saw; but one that returned just before the abort leaves the pool
     * a connection that looks sound, and the next caller would fail on it. A call the closed
     * connection refuses, made through the pool's wrapper, is what every pool (HikariCP, the
     * application servers') takes as the sign to evict it.
     */
    private static void discard(Connection c) {
        try {
            c.createStatement().close();
        } catch (SQLException expected) {
            // the wrapper saw the connection is closed: the pool evicts it
        }
    }

    private static void rollbackQuietly(Connection c, SQLException failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Stops the watchdog's threads. */
    @Override
    public void close() {
        watchdog.close();
    }
}
