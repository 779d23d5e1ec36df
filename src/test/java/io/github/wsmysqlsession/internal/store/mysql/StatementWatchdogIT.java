package io.github.wsmysqlsession.internal.store.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The watchdog cancels only the statement it watches (issue 11, item 4). A driver's
 * {@code Statement.cancel()} checks that the statement is running, then opens a connection of its
 * own and sends {@code KILL QUERY <connection id>} on it (mysql-connector-j does exactly this): when
 * the watched statement finishes before the kill arrives and its connection goes back to the pool,
 * the kill used to land on the next statement on that connection, another caller's. Here the cancel
 * takes 20 ms to reach the server (a slow link, a busy server's accept queue).
 */
class StatementWatchdogIT {

    static final Duration TIMEOUT = Duration.ofMillis(20);

    /**
     * @param cancelLatencyMillis how long a cancel takes to reach the server: 20 ms, so that it
     *     arrives about when the statement ends; 50 ms, longer than the timeout, so that the watchdog
     *     aborts the connection while the kill is on its way (CI once saw a bystander killed there:
     *     the caller was let go once the abort was asked for, before the driver had closed the
     *     connection, and the late kill stopped the next statement on it)
     */
    @ParameterizedTest(name = "cancel latency {0} ms")
    @ValueSource(longs = {20, 50})
    void aStopNeverReachesTheNextStatementOnTheSameConnection(long cancelLatencyMillis) throws Exception {
        List<String> wronglyStopped = new ArrayList<>();
        int stoppedVictims = 0;
        // one connection: every statement after a victim runs on the victim's connection
        try (HikariDataSource one = TestDatabase.newDataSource(TestDatabase.jdbcUrl(), 1);
                JdbcStatements jdbc = new JdbcStatements(slowCancels(one, cancelLatencyMillis), TIMEOUT,
                        new StoreErrors(new SessionSql("session", true), TIMEOUT))) {
            for (int round = 0; round < 100; round++) {
                // ends after its deadline, some while the cancel is on its way
                String sleep = "SELECT SLEEP(" + (0.018 + (round % 10) * 0.004) + ")";
                try {
                    jdbc.query("victim", sleep, new Object[0], ResultSet::next);
                } catch (SessionStoreException e) {
                    stoppedVictims++; // by its own watch: as it should be
                }
                // bystanders: 4 ms each, far within the timeout, on the victim's connection
                for (int i = 0; i < 3; i++) {
                    try {
                        jdbc.query("bystander", "SELECT SLEEP(0.004)", new Object[0], ResultSet::next);
                    } catch (SessionStoreException e) {
                        // its own watch (a busy machine) wraps the kill in "stopped after the query
                        // timeout"; a kill meant for another statement comes through bare (1317,
                        // interrupted), and a connection closed under it as a lost connection
                        if (!stoppedByItsOwnWatch(e)) {
                            wronglyStopped.add("round " + round + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
        assertThat(wronglyStopped).as("statements stopped by a cancel or abort meant for an earlier one")
                .isEmpty();
        assertThat(stoppedVictims).as("victims stopped by their own watch (the test is not vacuous)").isPositive();
    }

    private static boolean stoppedByItsOwnWatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException && "Statement stopped after the query timeout".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** Statements whose {@code cancel()} works as the driver's, with a latency on the way. */
    static DataSource slowCancels(DataSource pool, long latencyMillis) {
        return (DataSource) Proxy.newProxyInstance(StatementWatchdogIT.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (p, method, args) -> {
                    Object result = call(pool, method, args);
                    return method.getName().equals("getConnection") ? connection((Connection) result, latencyMillis) : result;
                });
    }

    private static Connection connection(Connection c, long latencyMillis) throws SQLException {
        long id;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            id = rs.getLong(1);
        }
        return (Connection) Proxy.newProxyInstance(StatementWatchdogIT.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, method, args) -> {
                    Object result = call(c, method, args);
                    return method.getName().equals("prepareStatement") ? statement((PreparedStatement) result, id, latencyMillis)
                            : result;
                });
    }

    private static PreparedStatement statement(PreparedStatement s, long connectionId, long latencyMillis) {
        AtomicBoolean executing = new AtomicBoolean();
        return (PreparedStatement) Proxy.newProxyInstance(StatementWatchdogIT.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (p, method, args) -> {
                    if (method.getName().equals("cancel")) {
                        if (executing.get()) {
                            Thread.sleep(latencyMillis);
                            try (Connection killer = DriverManager.getConnection(TestDatabase.jdbcUrl());
                                    Statement kill = killer.createStatement()) {
                                kill.execute("KILL QUERY " + connectionId);
                            }
                        }
                        return null;
                    }
                    boolean runs = method.getName().startsWith("execute");
                    executing.set(runs);
                    try {
                        return call(s, method, args);
                    } finally {
                        if (runs) {
                            executing.set(false);
                        }
                    }
                });
    }

    private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
