package io.github.wsmysqlsession.internal.store.mysql;

import io.github.wsmysqlsession.internal.store.RowFingerprint;
import io.github.wsmysqlsession.internal.store.SessionStore;
import io.github.wsmysqlsession.internal.store.StoredSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reads of many rows by key, for keeping a server's sessions in step with the table: the
 * fingerprints of all of a server's sessions every sync interval, then the rows that changed.
 *
 * <p>Fingerprints are read by key ranges: the keys sorted, {@link #CHUNK} at a time, one
 * {@code BETWEEN} each. A range scan costs about a fifth of a primary-key look-up per row on
 * MariaDB (measured: 21 against 95 ms of database CPU for 10,000 rows), but it also reads the rows of
 * other servers' sessions that fall in the range. So each pass counts the rows its ranges returned
 * per key of its own; where that is more than {@link #MAX_DENSITY} (the table holds many sessions
 * this server does not), the next passes look the keys up with {@code IN} lists instead, and ranges
 * are tried again after {@link #RETRY_RANGES} passes, or as soon as the server holds twice as many
 * keys as at the last try (a server that starts while its connections come back). Called by one
 * thread at a time.
 */
final class BatchReads {

    /** Keys per statement. */
    static final int CHUNK = SessionStore.BATCH;
    /** Rows read per own key above which look-ups are cheaper than range scans. */
    static final double MAX_DENSITY = 4.0;
    /** Passes by look-ups between two tries of range scans. */
    static final int RETRY_RANGES = 60;

    private final SessionSql sql;
    private final TokenKeys keys;
    private final JdbcStatements jdbc;
    private volatile boolean lookUps;
    private int passesSinceRanges;
    private int keysAtLastRanges;
    /** The last pass's tokens, and its sorted keys with where each came from: reused while the set stays. */
    private String[] lastTokens = new String[0];
    private String[] lastSorted;
    private int[] lastPosition;

    BatchReads(SessionSql sql, TokenKeys keys, JdbcStatements jdbc) {
        this.sql = sql;
        this.keys = keys;
        this.jdbc = jdbc;
    }

    /** @return whether the last passes looked keys up instead of scanning ranges (for tests) */
    boolean lookingUp() {
        return lookUps;
    }

    RowFingerprint[] fingerprints(List<String> tokens) {
        RowFingerprint[] found = new RowFingerprint[tokens.size()];
        if (tokens.isEmpty()) {
            return found;
        }
        if (!sameAsLastPass(tokens)) {
            lastTokens = tokens.toArray(String[]::new);
            lastSorted = new String[lastTokens.length];
            for (int i = 0; i < lastSorted.length; i++) {
                lastSorted[i] = keys.key(lastTokens[i]);
            }
            lastPosition = sortedPositions(lastSorted);
        }
        String[] sorted = lastSorted;
        int[] position = lastPosition; // sorted[i] is the key of tokens.get(position[i])
        boolean ranges = !lookUps || ++passesSinceRanges >= RETRY_RANGES || sorted.length >= 2 * keysAtLastRanges;
        long rowsRead = 0;
        for (int from = 0; from < sorted.length; from += CHUNK) {
            int to = Math.min(sorted.length, from + CHUNK);
            Object[] params = ranges ? new Object[] {sorted[from], sorted[to - 1]}
                    : Arrays.copyOfRange(sorted, from, to, Object[].class);
            rowsRead += jdbc.query("check the sessions", ranges ? sql.fingerprintRange() : sql.fingerprints(to - from),
                    params, rs -> collect(rs, sorted, position, found));
        }
        if (ranges) {
            lookUps = rowsRead > MAX_DENSITY * sorted.length;
            passesSinceRanges = 0;
            keysAtLastRanges = sorted.length;
        }
        return found;
    }

    /** @return whether the tokens are those of the last pass, in the same order (idle connections) */
    private boolean sameAsLastPass(List<String> tokens) {
        if (tokens.size() != lastTokens.length) {
            return false;
        }
        for (int i = 0; i < lastTokens.length; i++) {
            if (!lastTokens[i].equals(tokens.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sorts {@code keys} in place (utf8_bin orders the ASCII keys as {@link String#compareTo} does).
     *
     * @return where each sorted key was before: {@code keys[i]} came from index {@code result[i]}
     */
    private static int[] sortedPositions(String[] keys) {
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        String[] original = keys.clone();
        Arrays.sort(order, (x, y) -> original[x].compareTo(original[y]));
        int[] position = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            position[i] = order[i];
            keys[i] = original[order[i]];
        }
        return position;
    }

    /** @return how many rows the statement returned; those of the keys asked for are put in {@code found} */
    private static long collect(ResultSet rs, String[] sorted, int[] position, RowFingerprint[] found)
            throws SQLException {
        long rows = 0;
        while (rs.next()) {
            rows++;
            int i = Arrays.binarySearch(sorted, rs.getString(1));
            if (i >= 0) {
                long length = rs.getLong(3);
                boolean nullData = rs.wasNull(); // LENGTH(NULL) and CRC32(NULL) are NULL
                found[position[i]] = new RowFingerprint(rs.getLong(2), nullData ? -1 : length,
                        nullData ? -1 : rs.getLong(4));
            }
        }
        return rows;
    }

    Map<String, StoredSession> findAll(Collection<String> tokens) {
        if (tokens.isEmpty() || tokens.size() > SessionStore.BATCH) {
            throw new IllegalArgumentException("between 1 and " + SessionStore.BATCH + " tokens, not " + tokens.size());
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        tokens.forEach(t -> byKey.put(keys.key(t), t));
        return jdbc.query("load the sessions", sql.findAll(byKey.size()), byKey.keySet().toArray(), rs -> {
            Map<String, StoredSession> rows = new HashMap<>();
            while (rs.next()) {
                String token = byKey.get(rs.getString(1));
                rows.put(token, new StoredSession(token, rs.getLong(2), rs.getString(3)));
            }
            return rows;
        });
    }
}
