package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;

/** One raw primary-key read of a session row over JDBC, a pooled connection per read. */
final class JdbcRead implements Contender {

    private final String name;
    private final DataSource ds;
    private final String table;
    private final String sql;
    private String[] tokens = new String[0];

    JdbcRead(String name, DataSource ds, String table) throws Exception {
        this.name = name;
        this.ds = ds;
        this.table = table;
        this.sql = "SELECT sessionId, expires, data FROM `" + table + "` WHERE sessionId = ?";
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
        return seq -> {
            try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, token);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || rs.getString(3).length() < 100 || rs.getLong(2) == 0) {
                        throw new IllegalStateException("row " + token + " missing");
                    }
                }
            }
        };
    }
}
