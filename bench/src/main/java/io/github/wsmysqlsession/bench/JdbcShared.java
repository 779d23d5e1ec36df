package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Checked;
import io.github.wsmysqlsession.bench.api.Contender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** Many writers on one row with the limit's statement: each sets its own key with JSON_SET. */
final class JdbcShared implements Contender, Checked {

    private final String name;
    private final DataSource ds;
    private final String table;
    private final String sql;
    private String token;
    private String[] last = new String[0];
    private AtomicLong[] counters = new AtomicLong[0];

    JdbcShared(String name, DataSource ds, String table) throws Exception {
        this.name = name;
        this.ds = ds;
        this.table = table;
        this.sql = String.format(JdbcWrite.LIMIT_SQL, table);
        Db.sessionTable(ds, table);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(int writers) throws Exception {
        token = Db.insertSessions(ds, table, 1)[0];
        last = new String[writers];
        counters = new AtomicLong[writers];
        for (int i = 0; i < writers; i++) {
            counters[i] = new AtomicLong();
        }
    }

    @Override
    public Op worker(int index) {
        return seq -> {
            String value = "w" + index + "-" + counters[index].incrementAndGet();
            try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, "$.\"w" + index + "\"");
                s.setString(2, "\"" + value + "\"");
                s.setLong(3, System.currentTimeMillis() / 1000 + 86_400);
                s.setString(4, token);
                s.executeUpdate();
            }
            last[index] = value;
        };
    }

    @Override
    public long lostKeys() throws Exception {
        long lost = 0;
        for (int i = 0; i < last.length; i++) {
            String v = Db.queryString(ds, "SELECT JSON_UNQUOTE(JSON_EXTRACT(data, ?)) FROM `" + table
                    + "` WHERE sessionId = ?", "$.\"w" + i + "\"", token);
            if (last[i] != null && !last[i].equals(v)) {
                lost++;
            }
        }
        return lost;
    }

    @Override
    public long storedKeys() throws Exception {
        return Long.parseLong(Db.queryString(ds, "SELECT JSON_LENGTH(data) FROM `" + table + "` WHERE sessionId = ?",
                token));
    }
}
