package io.github.wsmysqlsession.internal.store.mysql;

import io.github.wsmysqlsession.internal.store.RowFingerprint;
import io.github.wsmysqlsession.internal.store.SessionStore;
import io.github.wsmysqlsession.internal.store.StoredSession;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reads of many rows by key in one statement, for keeping a server's sessions in step with the
 * table: fingerprints of all of them, then the rows that changed. Thread-safe.
 */
final class BatchReads {

    private final SessionSql sql;
    private final TokenKeys keys;
    private final JdbcStatements jdbc;

    BatchReads(SessionSql sql, TokenKeys keys, JdbcStatements jdbc) {
        this.sql = sql;
        this.keys = keys;
        this.jdbc = jdbc;
    }

    Map<String, RowFingerprint> fingerprints(Collection<String> tokens) {
        Map<String, String> byKey = keysOf(tokens);
        return jdbc.query("check the sessions", sql.fingerprints(byKey.size()), byKey.keySet().toArray(), rs -> {
            Map<String, RowFingerprint> found = new HashMap<>();
            while (rs.next()) {
                long length = rs.getLong(3);
                boolean nullData = rs.wasNull(); // LENGTH(NULL) and CRC32(NULL) are NULL
                found.put(byKey.get(rs.getString(1)), new RowFingerprint(rs.getLong(2), nullData ? -1 : length,
                        nullData ? -1 : rs.getLong(4)));
            }
            return found;
        });
    }

    Map<String, StoredSession> findAll(Collection<String> tokens) {
        Map<String, String> byKey = keysOf(tokens);
        return jdbc.query("load the sessions", sql.findAll(byKey.size()), byKey.keySet().toArray(), rs -> {
            Map<String, StoredSession> found = new HashMap<>();
            while (rs.next()) {
                String token = byKey.get(rs.getString(1));
                found.put(token, new StoredSession(token, rs.getLong(2), rs.getString(3)));
            }
            return found;
        });
    }

    /** @return the tokens by their rows' keys, in the order given */
    private Map<String, String> keysOf(Collection<String> tokens) {
        if (tokens.isEmpty() || tokens.size() > SessionStore.BATCH) {
            throw new IllegalArgumentException("between 1 and " + SessionStore.BATCH + " tokens, not " + tokens.size());
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        tokens.forEach(t -> byKey.put(keys.key(t), t));
        return byKey;
    }
}
