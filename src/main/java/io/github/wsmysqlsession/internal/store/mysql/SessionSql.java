package io.github.wsmysqlsession.internal.store.mysql;

/**
 * The SQL text of every statement on one session table. Rows written by the Node package or by hand
 * may hold {@code NULL} or {@code ""} in {@code data}, hence {@code COALESCE(NULLIF(data, ''), '{}')}.
 *
 * <p>Every write that changes keys refuses a document that is not a JSON object, so that it never
 * stores {@code NULL} or something else in its place: in a strict {@code sql_mode} (the default of
 * MariaDB and MySQL) a JSON function fails on invalid JSON by itself, so only documents that do not
 * start with <code>{</code> are checked further (arrays, strings, on which {@code JSON_SET} of a member
 * would do nothing, are refused), which costs nothing in the common case; in a non-strict mode, where invalid JSON makes {@code JSON_SET} return
 * {@code NULL} with a mere warning, {@code JSON_TYPE(doc) = 'OBJECT'} checks the whole document
 * (about 7% of a write's database time).
 *
 * <p>Size bounds are upper bounds of the result's length that cost nothing to compute: JSON_SET and
 * JSON_REMOVE re-space what they store ({@code [1,1]} becomes {@code [1, 1]}: one space after each
 * separator), the old document and the new value alike, so the old document grows by at most half;
 * a new member adds at most its path ({@code $."key"}, two more than the quoted key), its value with
 * one more byte per {@code ,} and {@code :} in it (counted in Java), and 4 ({@code , } and
 * {@code : }). When the bound refuses, the same statement with the exact
 * guard (JSON_SET computed a second time) decides, so that a write that fits is never refused.
 */
final class SessionSql {

    /** The document a write starts from. */
    static final String DOC = "COALESCE(NULLIF(data, ''), '{}')";

    final String table;
    final String ddl;
    final boolean strict;
    final String tableExists = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
            + " AND TABLE_NAME = ?";
    final String dataColumn = "SELECT CHARACTER_OCTET_LENGTH, @@SESSION.sql_mode FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = 'data'";
    final String select;
    final String insert;
    final String touch;
    final String setKeyBounded;
    final String setKeyExact;
    final String removeBounded;
    final String removeExact;
    final String replace;
    final String lock;
    final String delete;
    final String expired;
    final String readKey;
    final String casBounded;
    final String casExact;
    final String casDocument;
    final String incrementBounded;
    final String incrementExact;

    /**
     * @param table the table name
     * @param strict whether the connections' {@code sql_mode} is strict (see the class comment)
     */
    SessionSql(String table, boolean strict) {
        this.table = table;
        this.ddl = Schema.ddl(table);
        this.strict = strict;
        String t = "`" + table + "`";
        String live = live();
        String bound = " AND COALESCE(LENGTH(data), 0) * 3 DIV 2 <= ?";
        select = "SELECT sessionId, expires, data FROM " + t + " WHERE sessionId = ?";
        insert = "INSERT INTO " + t + " (sessionId, expires, data) VALUES (?, ?, ?)";
        touch = "UPDATE " + t + " SET expires = ? WHERE sessionId = ? AND expires >= ?";
        setKeyBounded = buildSetKeys(1, true, live);
        setKeyExact = buildSetKeys(1, false, live);
        String remove = "JSON_REMOVE(" + DOC + ", ?)";
        removeBounded = "UPDATE " + t + " SET data = " + remove + ", expires = ?" + live + bound;
        removeExact = "UPDATE " + t + " SET data = " + remove + ", expires = ?" + live + " AND LENGTH(" + remove
                + ") <= ?";
        replace = "UPDATE " + t + " SET data = ?, expires = ? WHERE sessionId = ? AND expires >= ?";
        lock = select + " AND expires >= ? FOR UPDATE";
        delete = "DELETE FROM " + t + " WHERE sessionId = ?";
        expired = "SELECT sessionId FROM " + t + " WHERE expires < ? LIMIT ?";
        readKey = "SELECT JSON_EXTRACT(" + DOC + ", ?), expires FROM " + t + " WHERE sessionId = ? AND expires >= ?";
        // compared as text: a JSON string from JSON_EXTRACT compares as its unquoted content ("x" <> '"x"')
        String casSet = "JSON_SET(" + DOC + ", ?, JSON_EXTRACT(?, '$'))";
        String cas = "UPDATE " + t + " SET data = " + casSet + ", expires = ?" + live + " AND CAST(JSON_EXTRACT(" + DOC
                + ", ?) AS CHAR) <=> ?";
        casBounded = cas + bound;
        casExact = cas + " AND LENGTH(" + casSet + ") <= ?";
        // keys that start with '-', which JSON_EXTRACT cannot find in MariaDB: the whole document is compared
        casDocument = "UPDATE " + t + " SET data = " + casSet + ", expires = ? WHERE sessionId = ? AND expires >= ?"
                + " AND data <=> ? AND LENGTH(" + casSet + ") <= ?";
        // LAST_INSERT_ID(expr) hands the new value back in the statement's reply (its generated key)
        String sum = "COALESCE(CAST(JSON_VALUE(" + DOC + ", ?) AS SIGNED), 0) + ?";
        String inc = "UPDATE " + t + " SET data = JSON_SET(" + DOC + ", ?, CAST(LAST_INSERT_ID(" + sum + ") AS SIGNED)),"
                + " expires = ?" + live + " AND COALESCE(JSON_TYPE(JSON_EXTRACT(" + DOC + ", ?)), 'NULL') IN ('INTEGER', 'NULL')";
        incrementBounded = inc + bound;
        incrementExact = inc + " AND LENGTH(JSON_SET(" + DOC + ", ?, " + sum + ")) <= ?";
    }

    /** @return the same statements for a connection whose {@code sql_mode} is (or is not) strict */
    SessionSql withStrict(boolean isStrict) {
        return isStrict == strict ? this : new SessionSql(table, isStrict);
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
     */
    String setKeys(int keys, boolean bounded) {
        if (keys == 1) {
            return bounded ? setKeyBounded : setKeyExact;
        }
        return buildSetKeys(keys, bounded, live());
    }

    /** @return the condition of a key's write: the row is alive and its document an object (see the class) */
    private String live() {
        return " WHERE sessionId = ? AND expires >= ? AND "
                + (strict ? "(data IS NULL OR data = '' OR LEFT(data, 1) = '{' OR JSON_TYPE(data) = 'OBJECT')"
                        : "JSON_TYPE(" + DOC + ") = 'OBJECT'");
    }

    private String buildSetKeys(int keys, boolean bounded, String live) {
        String set = "JSON_SET(" + DOC + ", ?, JSON_EXTRACT(?, '$')".repeat(keys) + ")";
        return "UPDATE `" + table + "` SET data = " + set + ", expires = ?" + live
                + (bounded ? " AND COALESCE(LENGTH(data), 0) * 3 DIV 2 <= ?" : " AND LENGTH(" + set + ") <= ?");
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

    /** @return the {@code DELETE} of {@code rows} expired rows by key, re-checking their expiry */
    String deleteExpired(int rows) {
        return "DELETE FROM `" + table + "` WHERE expires < ? AND sessionId IN (" + placeholders(rows) + ")";
    }
}
