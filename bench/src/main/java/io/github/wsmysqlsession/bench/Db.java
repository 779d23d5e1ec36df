package io.github.wsmysqlsession.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** The database under test: pools, the bench's own tables, counters and versions. */
final class Db {

    /** Connections per pool: one per session at the highest concurrency level. */
    static final int POOL_SIZE = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Db() {
    }

    /**
     * @param autoCommit the pool's default auto-commit mode
     * @return a HikariCP pool as an application would configure it; every contender gets the same
     */
    static HikariDataSource pool(String url, String name, boolean autoCommit, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        // connections are made on first use and kept for the whole run: no churn between rounds
        config.setMinimumIdle(0);
        config.setIdleTimeout(600_000);
        config.setAutoCommit(autoCommit);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("connectTimeout", "5000");
        config.addDataSourceProperty("socketTimeout", "30000");
        config.addDataSourceProperty("queryInterceptors", StatementCounter.class.getName());
        if (!"false".equals(System.getProperty("bench.serverPrep"))) {
            // HikariCP's recommended settings for MySQL: statements prepared on the server once per
            // connection, not sent as text and parsed by the server at every execution
            config.addDataSourceProperty("cachePrepStmts", "true");
            config.addDataSourceProperty("prepStmtCacheSize", "250");
            config.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
            config.addDataSourceProperty("useServerPrepStmts", "true");
        }
        return new HikariDataSource(config);
    }

    /** @return a new token, 32 base64url characters as the library makes them */
    static String token() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** @return a value of exactly 100 characters that differs by {@code seq} */
    static String value(long seq) {
        StringBuilder s = new StringBuilder(100).append('v').append(seq).append('-');
        while (s.length() < 100) {
            s.append((char) ('a' + s.length() % 26));
        }
        return s.toString();
    }

    /** @return the data column of a session holding keys k0..k9, 100-character values each */
    static String tenKeys() {
        StringBuilder s = new StringBuilder("{");
        for (int k = 0; k < 10; k++) {
            s.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":\"").append(value(k)).append('"');
        }
        return s.append('}').toString();
    }

    /** Drops and creates a table with the library's (the Node package's) schema. */
    static void sessionTable(DataSource ds, String table) throws SQLException {
        execute(ds, "DROP TABLE IF EXISTS `" + table + "`");
        execute(ds, "CREATE TABLE `" + table + "` (\n"
                + "  `sessionId` varchar(32) COLLATE utf8_bin NOT NULL,\n"
                + "  `expires` int(11) unsigned NOT NULL,\n"
                + "  `data` text COLLATE utf8_bin,\n"
                + "  PRIMARY KEY (`sessionId`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_bin");
    }

    /** Inserts sessions with ten keys; returns their tokens. */
    static String[] insertSessions(DataSource ds, String table, int count) throws SQLException {
        String[] tokens = new String[count];
        long expires = System.currentTimeMillis() / 1000 + 86_400;
        String data = tenKeys();
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO `" + table
                    + "` (sessionId, expires, data) VALUES (?, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    tokens[i] = token();
                    s.setString(1, tokens[i]);
                    s.setLong(2, expires);
                    s.setString(3, data);
                    s.addBatch();
                    if (i % 500 == 499) {
                        s.executeBatch();
                    }
                }
                s.executeBatch();
            }
            c.commit();
            c.setAutoCommit(auto);
        }
        return tokens;
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    static String queryString(DataSource ds, String sql, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** @return the server's global statement counters: Questions and the Com_* that a session store uses */
    static Map<String, Long> status(DataSource ds) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select', "
                        + "'Com_update', 'Com_insert', 'Com_delete', 'Com_commit', 'Com_rollback', 'Com_set_option', "
                        + "'Com_begin', 'Com_stmt_execute', 'Com_stmt_prepare')")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** @return the database server's version */
    static String version(DataSource ds) throws SQLException {
        return queryString(ds, "SELECT VERSION()");
    }

    /** @return nproc, CPU model and memory of this machine */
    static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("nproc", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("cpu", firstLine(Path.of("/proc/cpuinfo"), "model name"));
        String mem = firstLine(Path.of("/proc/meminfo"), "MemTotal");
        if (!mem.isEmpty()) {
            long kb = Long.parseLong(mem.replaceAll("\\D", ""));
            mem = String.format("%.1f GiB", kb / 1024.0 / 1024.0);
        }
        m.put("memory", mem);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    private static String firstLine(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // not Linux: leave it out
        }
        return "";
    }
}
