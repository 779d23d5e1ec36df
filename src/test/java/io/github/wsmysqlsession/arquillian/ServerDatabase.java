package io.github.wsmysqlsession.arquillian;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The database the servers' datasources point at, seen from the test JVM with plain JDBC: the system
 * properties {@code arquillian.jdbc.url}, {@code .user} and {@code .password} (set by the Maven
 * profiles), default the local MariaDB's {@code arq_sessions} as user {@code session}.
 */
final class ServerDatabase {

    static final String JDBC_URL = System.getProperty("arquillian.jdbc.url",
            "jdbc:mysql://127.0.0.1:3306/arq_sessions");
    static final String JDBC_USER = System.getProperty("arquillian.jdbc.user", "session");
    static final String JDBC_PASSWORD = System.getProperty("arquillian.jdbc.password", "session");

    private ServerDatabase() {
    }

    /** @return the data column of a row, or null when there is no row */
    static String dataOf(String token) {
        List<String> rows = query("SELECT data FROM " + AbstractServerIT.TABLE + " WHERE sessionId = ?", token);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** @return the rows of a table, or only those of one token */
    static int count(String table, String token) {
        return Integer.parseInt(token == null ? query("SELECT COUNT(*) FROM " + table).get(0)
                : query("SELECT COUNT(*) FROM " + table + " WHERE sessionId = ?", token).get(0));
    }

    static void sql(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static List<String> query(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(JDBC_URL, JDBC_USER, JDBC_PASSWORD);
    }
}
