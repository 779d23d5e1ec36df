package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Increment over raw JDBC: the library's own statement (the MySQL store's {@code incrementBounded}),
 * auto-commit, a connection from the pool per operation, the new value read from the reply as the
 * library reads it.
 */
final class JdbcIncrement implements Contender {

    static final String DOC = "COALESCE(NULLIF(data, ''), '{}')";
    static final String SQL = "UPDATE `%s` SET data = JSON_SET(" + DOC + ", ?, CAST(LAST_INSERT_ID("
            + "COALESCE(CAST(JSON_VALUE(" + DOC + ", ?) AS SIGNED), 0) + ?) AS SIGNED)), expires = ?"
            + " WHERE sessionId = ? AND expires >= ? AND COALESCE(JSON_TYPE(JSON_EXTRACT(" + DOC + ", ?)), 'NULL')"
            + " IN ('INTEGER', 'NULL') AND COALESCE(LENGTH(data), 0) * 3 DIV 2 <= ?";

    private final String name;
    private final DataSource ds;
    private final String table;
    private final String sql;
    private String[] tokens = new String[0];

    JdbcIncrement(String name, DataSource ds, String table) throws Exception {
        this.name = name;
        this.ds = ds;
        this.table = table;
        this.sql = String.format(SQL, table);
        Db.sessionTable(ds, table);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(int sessions) throws Exception {
        if (tokens.length < sessions) {
            tokens = Db.concat(tokens, Db.insertSessions(ds, table, sessions - tokens.length));
        }
    }

    @Override
    public Op worker(int index) {
        String token = tokens[index];
        String path = "$.\"counter\"";
        return seq -> {
            long now = System.currentTimeMillis() / 1000;
            try (Connection c = ds.getConnection();
                    PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, path);
                s.setString(2, path);
                s.setLong(3, 1);
                s.setLong(4, now + 86_400);
                s.setString(5, token);
                s.setLong(6, now);
                s.setString(7, path);
                s.setInt(8, 65_535 - (path.length() + 20 + 4));
                if (s.executeUpdate() != 1) {
                    throw new IllegalStateException("row " + token + " not updated");
                }
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                }
            }
        };
    }
}
