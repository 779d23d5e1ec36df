package io.github.wsmysqlsession.bench;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Counts the statements this JVM sends to the database, by first keyword, while {@link #counting} is
 * on: mysql-connector-j passes every statement through its query interceptors, the driver's own
 * {@code SET autocommit} and {@code COMMIT} included. Unlike the server's global counters, it does not
 * count other clients of a shared database. Off, it costs one volatile read per statement.
 */
public final class StatementCounter implements QueryInterceptor {

    static volatile boolean counting;
    private static final Map<String, Long> COUNTS = new TreeMap<>();

    static synchronized Map<String, Long> snapshot() {
        return new TreeMap<>(COUNTS);
    }

    static synchronized void reset() {
        COUNTS.clear();
    }

    private static synchronized void count(String sql) {
        String s = sql.stripLeading();
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        COUNTS.merge(s.substring(0, end).toUpperCase(Locale.ROOT), 1L, Long::sum);
    }

    @Override
    public QueryInterceptor init(MysqlConnection conn, Properties props, Log log) {
        return this;
    }

    @Override
    public <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
        if (counting) {
            count(sql.get());
        }
        return null;
    }

    @Override
    public boolean executeTopLevelOnly() {
        return true;
    }

    @Override
    public void destroy() {
    }

    @Override
    public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
            ServerSession serverSession) {
        return null;
    }
}
