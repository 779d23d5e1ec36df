package io.github.wsmysqlsession.internal.store.mysql;

/**
 * The SQL text of every statement on one session table. Rows written by the Node package or by hand
 * may hold {@code NULL} or {@code ""} in {@code data}, hence {@code COALESCE(NULLIF(data, ''), '{}')}.
 */
final class SessionSql {

    /** The document a write starts from. */
    private static final String DOC = "COALESCE(NULLIF(data, ''), '{}')";

    final String table;
    final String ddl;
    final String tableExists = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
            + " AND TABLE_NAME = ?";
    final String select;
    final String insert;
    final String touch;
    final String setKeyBounded;
    final String setKeyExact;
    final String removeKey;
    final String replace;
    final String lock;
    final String delete;
    final String expired;
    final String readKey;
    final String casBounded;
    final String casExact;
    final String incrementBounded;
    final String incrementExact;

    SessionSql(String table) {
        this.table = table;
        this.ddl = Schema.ddl(table);
        String t = "`" + table + "`";
        select = "SELECT sessionId, expires, data FROM " + t + " WHERE sessionId = ?";
        insert = "INSERT INTO " + t + " (sessionId, expires, data) VALUES (?, ?, ?)";
        touch = "UPDATE " + t + " SET expires = ? WHERE sessionId = ? AND expires >= ?";
        setKeyBounded = buildSetKeys(1, true);
        setKeyExact = buildSetKeys(1, false);
        removeKey = "UPDATE " + t + " SET data = JSON_REMOVE(" + DOC + ", ?), expires = ?"
                + " WHERE sessionId = ? AND expires >= ? AND JSON_VALID(" + DOC + ")";
        replace = "UPDATE " + t + " SET data = ?, expires = ? WHERE sessionId = ? AND expires >= ?";
        lock = select + " AND expires >= ? FOR UPDATE";
        delete = "DELETE FROM " + t + " WHERE sessionId = ?";
        expired = "SELECT sessionId FROM " + t + " WHERE expires < ? LIMIT ?";
        readKey = "SELECT JSON_EXTRACT(" + DOC + ", ?), expires FROM " + t + " WHERE sessionId = ? AND expires >= ?";
        String casSet = "JSON_SET(" + DOC + ", ?, JSON_EXTRACT(?, '$'))";
        String cas = "UPDATE " + t + " SET data = " + casSet + ", expires = ? WHERE sessionId = ? AND expires >= ?"
                + " AND JSON_EXTRACT(" + DOC + ", ?) <=> ?";
        casBounded = cas + " AND COALESCE(LENGTH(data), 0) * 3 DIV 2 <= ?";
        casExact = cas + " AND LENGTH(" + casSet + ") <= ?";
        // LAST_INSERT_ID(expr) hands the new value back in the statement's reply (its generated key)
        String sum = "COALESCE(CAST(JSON_VALUE(" + DOC + ", ?) AS SIGNED), 0) + ?";
        String inc = "UPDATE " + t + " SET data = JSON_SET(" + DOC + ", ?, CAST(LAST_INSERT_ID(" + sum + ") AS SIGNED)),"
                + " expires = ? WHERE sessionId = ? AND expires >= ?"
                + " AND COALESCE(JSON_TYPE(JSON_EXTRACT(" + DOC + ", ?)), 'NULL') IN ('INTEGER', 'NULL')";
        incrementBounded = inc + " AND COALESCE(LENGTH(data), 0) * 3 DIV 2 <= ?";
        incrementExact = inc + " AND LENGTH(JSON_SET(" + DOC + ", ?, " + sum + ")) <= ?";
    }

    /** @return the {@code SELECT} of the fingerprints of {@code rows} rows by key */
    String fingerprints(int rows) {
        return "SELECT sessionId, expires, LENGTH(data), CRC32(data) FROM `" + table + "` WHERE sessionId IN ("
                + placeholders(rows) + ")";
    }

    /** @return the {@code SELECT} of the fingerprints of the rows whose keys are in a range */
    String fingerprintRange() {
        return "SELECT sessionId, expires, LENGTH(data), CRC32(data) FROM `" + table
                + "` WHERE sessionId BETWEEN ? AND ?";
    }

    /** @return the {@code SELECT} of {@code rows} rows by key */
    String findAll(int rows) {
        return "SELECT sessionId, expires, data FROM `" + table + "` WHERE sessionId IN (" + placeholders(rows) + ")";
    }

    private static String placeholders(int n) {
        return "?" + ", ?".repeat(n - 1);
    }

    /** @return the {@code CREATE TABLE} statement that does nothing when the table exists */
    String createIfMissing() {
        return ddl.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS");
    }

    /**
     * The {@code UPDATE} that sets {@code keys} keys of a live row. Parameters: a path and a value per
     * key, the new expiry, the row's key, now, then with {@code bounded} the room left for the old
     * document ({@code maxDataBytes} less what the new members can add), else the path/value pairs
     * again and {@code maxDataBytes}.
     *
     * <p>The bound is an upper bound of the result's length that costs nothing to compute: a member adds
     * at most its path ({@code $."key"}, two more than the quoted key), its value and 4 ({@code , } and
     * {@code : }), and JSON_SET re-spaces the whole document ({@code [1,1]} becomes {@code [1, 1]}),
     * which grows compact JSON (the Node package's) by at most half; rows this library wrote are already
     * spaced. The exact guard computes JSON_SET a second time.
     */
    String setKeys(int keys, boolean bounded) {
        if (keys == 1) {
            return bounded ? setKeyBounded : setKeyExact;
        }
        return buildSetKeys(keys, bounded);
    }

    private String buildSetKeys(int keys, boolean bounded) {
        String set = "JSON_SET(" + DOC + ", ?, JSON_EXTRACT(?, '$')".repeat(keys) + ")";
        return "UPDATE `" + table + "` SET data = " + set + ", expires = ? WHERE sessionId = ? AND expires >= ?"
                + (bounded ? " AND COALESCE(LENGTH(data), 0) * 3 DIV 2 <= ?" : " AND LENGTH(" + set + ") <= ?");
    }

    /** @return the {@code DELETE} of {@code rows} expired rows by key, re-checking their expiry */
    String deleteExpired(int rows) {
        return "DELETE FROM `" + table + "` WHERE expires < ? AND sessionId IN (" + placeholders(rows) + ")";
    }
}
