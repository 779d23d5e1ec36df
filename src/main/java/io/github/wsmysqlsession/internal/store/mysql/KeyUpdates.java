package io.github.wsmysqlsession.internal.store.mysql;

import io.github.wsmysqlsession.SessionUnavailableException;
import io.github.wsmysqlsession.internal.json.JsonText;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.store.Increment;
import io.github.wsmysqlsession.internal.store.KeyRead;
import io.github.wsmysqlsession.internal.store.StoredSession;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Read-modify-writes of one key: the read a compare-and-set starts from, the compare-and-set, and
 * the increment that returns its new value, each one statement.
 *
 * <p>MariaDB's {@code JSON_EXTRACT} finds no key that starts with {@code -}, written plainly (a path
 * syntax error) or escaped as {@code \u002d} (which JSON_SET and JSON_VALUE match): for such keys the
 * read is the whole row, the new value is computed here, and the compare-and-set compares the whole
 * document, so that a concurrent write to any key of the session makes it read again. Neither kind of
 * write is replayed after a broken connection: had it committed, the replay would count twice or find
 * its own value. Thread-safe.
 */
final class KeyUpdates {

    /** The longest decimal text of a long: {@code -9223372036854775808}. */
    private static final int MAX_LONG_CHARS = 20;
    /** How often an increment of a {@code -key} is tried when other writes to the session come first. */
    private static final int DOCUMENT_ATTEMPTS = 50;

    private final Supplier<SessionSql> sql;
    private final TokenKeys keys;
    private final int maxDataBytes;
    private final RetryPolicy retry;
    private final JdbcStatements jdbc;
    private final Function<String, Optional<StoredSession>> find;

    KeyUpdates(Supplier<SessionSql> sql, TokenKeys keys, int maxDataBytes, RetryPolicy retry, JdbcStatements jdbc,
            Function<String, Optional<StoredSession>> find) {
        this.sql = sql;
        this.keys = keys;
        this.maxDataBytes = maxDataBytes;
        this.retry = retry;
        this.jdbc = jdbc;
        this.find = find;
    }

    private static boolean wholeDocument(String key) {
        return key.startsWith("-");
    }

    Optional<KeyRead> read(String token, String key, long now) {
        if (wholeDocument(key)) {
            return find.apply(token).filter(r -> !r.expiredAt(now)).map(r -> new KeyRead(
                    parse(r.data()).get(key), r.expires(), r.data()));
        }
        return jdbc.query("load the session", sql.get().readKey, new Object[] {JsonPaths.path(key), keys.key(token), now},
                rs -> rs.next() ? Optional.of(new KeyRead(rs.getString(1), rs.getLong(2), rs.getString(1)))
                        : Optional.empty());
    }

    WriteOutcome compareAndSet(String token, String key, String expected, String json, long expires, long now) {
        String path = JsonPaths.path(key);
        JsonPaths.value(key, json);
        SessionSql s = sql.get();
        int n;
        if (wholeDocument(key)) {
            n = update(s.casDocument, path, json, expires, keys.key(token), now, expected, path, json, maxDataBytes);
        } else {
            Object[] head = {path, json, expires, keys.key(token), now, path, expected};
            n = update(s.casBounded, with(head, room(path, json)));
            if (n == 0) {
                n = update(s.casExact, with(head, path, json, maxDataBytes));
            }
        }
        if (n == 1) {
            return WriteOutcome.DONE;
        }
        // why no row changed: the row is gone or not an object, the key (or document) changed meanwhile,
        // or the result would be too large
        if (!liveObject(token, now)) {
            return WriteOutcome.GONE;
        }
        Optional<KeyRead> now2 = read(token, key, now);
        return now2.isEmpty() ? WriteOutcome.GONE
                : !Objects.equals(now2.get().expected(), expected) ? WriteOutcome.CONFLICT : WriteOutcome.TOO_LARGE;
    }

    Increment increment(String token, String key, long delta, long expires, long now) {
        if (wholeDocument(key)) {
            return incrementDocument(token, key, delta, expires, now);
        }
        String path = JsonPaths.path(key);
        SessionSql s = sql.get();
        int room = maxDataBytes - JsonText.utf8Length(path) - MAX_LONG_CHARS - 4;
        Object[] head = {path, path, delta, expires, keys.key(token), now, path};
        JdbcStatements.KeyedUpdate u = retry.run(false, () -> jdbc.updateWithKey("save the session",
                s.incrementBounded, with(head, room)));
        if (u.count() == 0) {
            u = retry.run(false, () -> jdbc.updateWithKey("save the session", s.incrementExact,
                    with(head, path, path, delta, maxDataBytes)));
        }
        if (u.count() == 1) {
            // the driver reports LAST_INSERT_ID unsigned: a negative value comes back as 2^64 + value
            return new Increment(WriteOutcome.DONE, u.key() == null ? 0 : new BigInteger(u.key()).longValue());
        }
        // why no row changed: the row is gone or not an object, the key holds something else, or the
        // result would be too large
        if (!liveObject(token, now)) {
            return new Increment(WriteOutcome.GONE, 0);
        }
        Optional<KeyRead> current = read(token, key, now);
        return new Increment(current.isEmpty() ? WriteOutcome.GONE : !isIntegerOrNull(current.get().json())
                ? WriteOutcome.NOT_AN_INTEGER : WriteOutcome.TOO_LARGE, 0);
    }

    private Increment incrementDocument(String token, String key, long delta, long expires, long now) {
        for (int attempt = 1; attempt <= DOCUMENT_ATTEMPTS; attempt++) {
            Optional<KeyRead> current = read(token, key, now);
            if (current.isEmpty()) {
                return new Increment(WriteOutcome.GONE, 0);
            }
            String value = current.get().json();
            if (!isIntegerOrNull(value)) {
                return new Increment(WriteOutcome.NOT_AN_INTEGER, 0);
            }
            long next;
            try {
                next = Math.addExact(value == null || value.equals("null") ? 0 : Long.parseLong(value), delta);
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("Incrementing session key " + JsonText.quote(key) + " by " + delta
                        + " is out of range of a long", e);
            }
            WriteOutcome outcome = compareAndSet(token, key, current.get().expected(), Long.toString(next), expires, now);
            if (outcome != WriteOutcome.CONFLICT) {
                return new Increment(outcome, outcome == WriteOutcome.DONE ? next : 0);
            }
        }
        throw new SessionUnavailableException("Could not increment session key " + JsonText.quote(key) + ": the "
                + "session kept changing (" + DOCUMENT_ATTEMPTS + " tries); try again", null, false);
    }

    /**
     * @return the room the bound leaves for the old document: {@code maxDataBytes} less the most a
     *     new member can add (see {@link SessionSql}): its path, its value with a space after each
     *     {@code ,} and {@code :} it holds, and 4
     */
    int room(String path, String json) {
        int separators = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == ',' || c == ':') {
                separators++;
            }
        }
        return maxDataBytes - JsonText.utf8Length(path) - JsonText.utf8Length(json) - separators - 4;
    }

    /**
     * @return whether the row is there and alive
     * @throws io.github.wsmysqlsession.SessionStoreException when its data is not a JSON object
     */
    private boolean liveObject(String token, long now) {
        Optional<StoredSession> row = find.apply(token);
        if (row.isEmpty() || row.get().expiredAt(now)) {
            return false;
        }
        parse(row.get().data());
        return true;
    }

    private static Map<String, String> parse(String data) {
        try {
            return SessionDocument.parse(data);
        } catch (IllegalArgumentException e) {
            throw StoreErrors.corruptData(e);
        }
    }

    private static boolean isIntegerOrNull(String json) {
        return json == null || json.equals("null") || json.matches("-?\\d+");
    }

    /** One statement, replayed only where nothing was written (see {@link RetryPolicy}). */
    private int update(String statement, Object... params) {
        return retry.run(false, () -> jdbc.update("save the session", statement, params));
    }

    private static Object[] with(Object[] head, Object... tail) {
        Object[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
