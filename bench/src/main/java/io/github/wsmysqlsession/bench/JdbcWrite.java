package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;

/**
 * Write, the database's limit: the same row change as one raw JDBC statement, auto-commit, no ORM,
 * a connection from the pool per operation.
 */
final class JdbcWrite implements Contender {

    /** The statement of the brief: the least a per-key write must do. */
    static final String LIMIT_SQL = "UPDATE `%s` SET data = JSON_SET(COALESCE(data,'{}'), ?, JSON_EXTRACT(?, '$')),"
            + " expires = ? WHERE sessionId = ?";

    /**
     * The library's statement (SessionRepository's setKeyBoundedSql): refuses expired rows, and bounds
     * the result's length from the old document's without computing JSON_SET a second time (the library
     * sends its exact guard only when the bound refuses, near the size limit, which this bench never is).
     */
    static final String LIBRARY_SQL = "UPDATE `%s` SET data = JSON_SET(COALESCE(NULLIF(data, ''), '{}'), ?,"
            + " JSON_EXTRACT(?, '$')), expires = ? WHERE sessionId = ? AND expires >= ?"
            + " AND COALESCE(LENGTH(data), 0) * 3 DIV 2 <= ?";

    private final String name;
    private final DataSource ds;
    private final String table;
    private final String sql;
    private final boolean librarySql;
    private final int keys;
    private int queryTimeoutSeconds;
    private String[] tokens = new String[0];

    JdbcWrite(String name, DataSource ds, String table, boolean librarySql) throws Exception {
        this(name, ds, table, librarySql, 1);
    }

    /** @param keys how many keys one statement sets (the limit's statement with that many path/value pairs) */
    JdbcWrite(String name, DataSource ds, String table, boolean librarySql, int keys) throws Exception {
        this.name = name;
        this.ds = ds;
        this.table = table;
        this.librarySql = librarySql;
        this.keys = keys;
        String sql = String.format(librarySql ? LIBRARY_SQL : LIMIT_SQL, table);
        if (keys > 1) {
            sql = sql.replace("JSON_EXTRACT(?, '$'))", "JSON_EXTRACT(?, '$')"
                    + ", ?, JSON_EXTRACT(?, '$')".repeat(keys - 1) + ")");
        }
        this.sql = sql;
        Db.sessionTable(ds, table);
    }

    /** Sets a JDBC query timeout on each statement, as the library does (its queryTimeout, 5 s). */
    JdbcWrite withQueryTimeout(int seconds) {
        this.queryTimeoutSeconds = seconds;
        return this;
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
        return seq -> {
            String path = "$.\"k" + (seq % 10) + "\"";
            String json = "\"" + Db.value(seq) + "\"";
            long now = System.currentTimeMillis() / 1000;
            try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                if (queryTimeoutSeconds > 0) {
                    s.setQueryTimeout(queryTimeoutSeconds);
                }
                if (keys > 1) {
                    int p = 1;
                    for (int j = 0; j < keys; j++) {
                        s.setString(p++, "$.\"k" + ((seq * keys + j) % 10) + "\"");
                        s.setString(p++, json);
                    }
                    s.setLong(p++, now + 86_400);
                    s.setString(p, token);
                    if (s.executeUpdate() != 1) {
                        throw new IllegalStateException("row " + token + " not updated");
                    }
                    return;
                }
                s.setString(1, path);
                s.setString(2, json);
                s.setLong(3, now + 86_400);
                s.setString(4, token);
                if (librarySql) {
                    s.setLong(5, now);
                    // the room left for the old document: the limit less what the new member can add
                    s.setInt(6, 65_535 - (path.length() + json.length() + 4));
                }
                if (s.executeUpdate() != 1) {
                    throw new IllegalStateException("row " + token + " not updated");
                }
            }
        };
    }
}
