package io.github.wsmysqlsession.internal.store.mysql;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.json.JsonText;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.store.Increment;
import io.github.wsmysqlsession.internal.store.KeyRead;
import io.github.wsmysqlsession.internal.store.RowFingerprint;
import io.github.wsmysqlsession.internal.store.SessionStore;
import io.github.wsmysqlsession.internal.store.StoredSession;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Query;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The session table on MySQL or MariaDB. One-statement reads and writes go to the datasource in
 * auto-commit ({@link JdbcStatements}, one round trip each); work of several statements (rotation,
 * sweep, table check) runs in a JPA transaction on {@link SessionEntity} ({@link JpaTransactions}).
 * Writes change keys in the database ({@code JSON_SET}/{@code JSON_REMOVE} in one {@code UPDATE})
 * under the row lock, and refuse rows that are missing or expired. Aborted transactions are replayed
 * by the {@link RetryPolicy}. Thread-safe.
 */
public final class MySqlSessionStore implements SessionStore {

    /** The longest decimal text of a long: {@code -9223372036854775808}. */
    private static final int MAX_LONG_CHARS = 20;

    private final SessionSql sql;
    private final TokenKeys keys;
    private final int maxDataBytes;
    private final StoreErrors errors;
    private final RetryPolicy retry;
    private final JdbcStatements jdbc;
    private final JpaTransactions jpa;
    private final BatchReads batches;

    /**
     * @param emf a factory whose persistence unit lists {@link SessionEntity}, over {@code dataSource}
     * @param dataSource connections to the database holding the table
     * @param settings table name, maximum data size, query timeout, retries and token hashing
     */
    public MySqlSessionStore(EntityManagerFactory emf, DataSource dataSource, SessionSettings settings) {
        Objects.requireNonNull(emf, "emf");
        Objects.requireNonNull(dataSource, "dataSource");
        this.sql = new SessionSql(settings.tableName());
        this.keys = new TokenKeys(settings.hashTokens());
        this.maxDataBytes = settings.maxDataBytes();
        this.errors = new StoreErrors(sql, settings.queryTimeout());
        this.retry = new RetryPolicy(settings.writeRetries(), settings.queryTimeout());
        this.jdbc = new JdbcStatements(dataSource, settings.queryTimeout(), errors);
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.queryTimeout().toMillis());
        this.jpa = new JpaTransactions(emf, timeoutMillis, errors);
        this.batches = new BatchReads(sql, keys, jdbc);
    }

    @Override
    public void prepareTable(boolean create) {
        // information_schema rather than a failing SELECT, which JPA providers log as an ERROR
        Number found = jpa.read("check the session table", em -> (Number) jpa.query(em, sql.tableExists)
                .setParameter(1, sql.table).getSingleResult());
        if (found.intValue() > 0) {
            return;
        }
        if (!create) {
            throw errors.missingTable(null);
        }
        retry.run(true, () -> jpa.write("create the session table",
                em -> jpa.query(em, sql.createIfMissing()).executeUpdate()));
    }

    @Override
    public Optional<StoredSession> find(String token) {
        return jdbc.query("load the session", sql.select, new Object[] {keys.key(token)}, rs -> rs.next()
                ? Optional.of(new StoredSession(token, rs.getLong(2), rs.getString(3))) : Optional.empty());
    }

    @Override
    public RowFingerprint[] fingerprints(List<String> tokens) {
        return batches.fingerprints(tokens);
    }

    @Override
    public Map<String, StoredSession> findAll(Collection<String> tokens) {
        return batches.findAll(tokens);
    }

    @Override
    public Optional<KeyRead> read(String token, String key, long now) {
        return jdbc.query("load the session", sql.readKey, new Object[] {JsonPaths.path(key), keys.key(token), now},
                rs -> rs.next() ? Optional.of(new KeyRead(rs.getString(1), rs.getLong(2))) : Optional.empty());
    }

    @Override
    public WriteOutcome compareAndSet(String token, String key, String expected, String json, long expires, long now) {
        String path = JsonPaths.path(key);
        int room = maxDataBytes - JsonText.utf8Length(path) - JsonText.utf8Length(json) - 4;
        Object[] head = {path, json, expires, keys.key(token), now, path, expected};
        // not replayed after a broken connection: had it committed, the replay would find its own value
        int n = update("save the session", false, sql.casBounded, with(head, room));
        if (n == 0) {
            n = update("save the session", false, sql.casExact, with(head, path, json, maxDataBytes));
        }
        if (n == 1) {
            return WriteOutcome.DONE;
        }
        // why no row changed: the row is gone, the key changed meanwhile, or the result is too large
        Optional<KeyRead> now2 = read(token, key, now);
        return now2.isEmpty() ? WriteOutcome.GONE : !Objects.equals(now2.get().json(), expected) ? WriteOutcome.CONFLICT
                : WriteOutcome.TOO_LARGE;
    }

    @Override
    public Increment increment(String token, String key, long delta, long expires, long now) {
        String path = JsonPaths.path(key);
        int room = maxDataBytes - JsonText.utf8Length(path) - MAX_LONG_CHARS - 4;
        Object[] head = {path, path, delta, expires, keys.key(token), now, path};
        // not replayed after a broken connection: had it committed, the replay would count twice
        JdbcStatements.KeyedUpdate u = retry.run(false, () -> jdbc.updateWithKey("save the session",
                sql.incrementBounded, with(head, room)));
        if (u.count() == 0) {
            u = retry.run(false, () -> jdbc.updateWithKey("save the session", sql.incrementExact,
                    with(head, path, path, delta, maxDataBytes)));
        }
        if (u.count() == 1) {
            // the driver reports LAST_INSERT_ID unsigned: a negative value comes back as 2^64 + value
            return new Increment(WriteOutcome.DONE, u.key() == null ? 0 : new BigInteger(u.key()).longValue());
        }
        // why no row changed: the row is gone, the key holds something else, or the result is too large
        Optional<KeyRead> current = read(token, key, now);
        return new Increment(current.isEmpty() ? WriteOutcome.GONE : !isIntegerOrNull(current.get().json())
                ? WriteOutcome.NOT_AN_INTEGER : WriteOutcome.TOO_LARGE, 0);
    }

    private static Object[] with(Object[] head, Object... tail) {
        Object[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static boolean isIntegerOrNull(String json) {
        return json == null || json.equals("null") || json.matches("-?\\d+");
    }

    @Override
    public void insert(String token, long expires, String data) {
        update("create the session", false, sql.insert, keys.key(token), expires, data);
    }

    @Override
    public WriteOutcome touch(String token, long expires, long now) {
        int n = update("extend the session", true, sql.touch, expires, keys.key(token), now);
        return n == 1 ? WriteOutcome.DONE : WriteOutcome.GONE;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code JSON_SET} with a path and value per key. Near the size limit the cheap bound of
     * {@link SessionSql#setKeys} may refuse a write that fits; then the same statement with the exact
     * guard decides.
     */
    @Override
    public WriteOutcome put(String token, Map<String, String> jsonByKey, long expires, long now) {
        int count = jsonByKey.size();
        Object[] pairs = new Object[count * 2];
        int added = 0;
        int i = 0;
        for (Map.Entry<String, String> e : jsonByKey.entrySet()) {
            String path = JsonPaths.path(e.getKey());
            pairs[i++] = path;
            pairs[i++] = e.getValue();
            added += JsonText.utf8Length(path) + JsonText.utf8Length(e.getValue()) + 4;
        }
        Object[] bounded = Arrays.copyOf(pairs, pairs.length + 4);
        bounded[pairs.length] = expires;
        bounded[pairs.length + 1] = keys.key(token);
        bounded[pairs.length + 2] = now;
        bounded[pairs.length + 3] = maxDataBytes - added;
        int n = update("save the session", true, sql.setKeys(count, true), bounded);
        if (n == 0) {
            Object[] exact = Arrays.copyOf(bounded, bounded.length + pairs.length);
            System.arraycopy(pairs, 0, exact, pairs.length + 3, pairs.length);
            exact[exact.length - 1] = maxDataBytes;
            n = update("save the session", true, sql.setKeys(count, false), exact);
        }
        return n == 1 ? WriteOutcome.DONE : diagnose(token, now);
    }

    @Override
    public WriteOutcome remove(String token, String key, long expires, long now) {
        int n = update("save the session", true, sql.removeKey, JsonPaths.path(key), expires, keys.key(token), now);
        return n == 1 ? WriteOutcome.DONE : diagnose(token, now);
    }

    @Override
    public WriteOutcome replace(String token, String data, long expires, long now) {
        if (JsonText.utf8Length(data) > maxDataBytes) {
            return WriteOutcome.TOO_LARGE;
        }
        int n = update("save the session", true, sql.replace, data, expires, keys.key(token), now);
        return n == 1 ? WriteOutcome.DONE : WriteOutcome.GONE;
    }

    @Override
    public Optional<String> rotate(String oldToken, String newToken, long expires, long now) {
        return retry.run(false, () -> jpa.write("regenerate the session", em -> {
            List<?> rows = jpa.query(em, sql.lock, SessionEntity.class).setParameter(1, keys.key(oldToken))
                    .setParameter(2, now).getResultList();
            if (rows.isEmpty()) {
                return Optional.<String>empty();
            }
            String data = ((SessionEntity) rows.get(0)).data();
            data = data == null ? "{}" : data;
            jpa.query(em, sql.insert).setParameter(1, keys.key(newToken)).setParameter(2, expires)
                    .setParameter(3, data).executeUpdate();
            jpa.query(em, sql.delete).setParameter(1, keys.key(oldToken)).executeUpdate();
            return Optional.of(data);
        }));
    }

    @Override
    public void delete(String token) {
        update("delete the session", true, sql.delete, keys.key(token));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The rows are found by a plain (non-locking) read and then deleted by primary key in one short
     * transaction, re-checking the expiry: the delete locks only those rows, in key order, so it cannot
     * deadlock with writes of live sessions or with another server sweeping the same table.
     */
    @Override
    public int deleteExpired(long now, int batchSize) {
        List<?> ids = jpa.read("find expired sessions", em -> jpa.query(em, sql.expired).setParameter(1, now)
                .setParameter(2, batchSize).getResultList());
        if (ids.isEmpty()) {
            return 0;
        }
        String delete = sql.deleteExpired(ids.size());
        return retry.run(true, () -> jpa.write("delete expired sessions", (EntityManager em) -> {
            Query q = jpa.query(em, delete).setParameter(1, now);
            for (int i = 0; i < ids.size(); i++) {
                q.setParameter(i + 2, ids.get(i));
            }
            return q.executeUpdate();
        }));
    }

    /** Why a one-statement write changed no row: gone, or the result would be too large. */
    private WriteOutcome diagnose(String token, long now) {
        Optional<StoredSession> row = find(token);
        if (row.isEmpty() || row.get().expiredAt(now)) {
            return WriteOutcome.GONE;
        }
        try {
            SessionDocument.parse(row.get().data());
        } catch (IllegalArgumentException e) {
            throw StoreErrors.corruptData(e);
        }
        return WriteOutcome.TOO_LARGE;
    }

    /** One statement over JDBC, replayed by the retry policy; {@code idempotent}: see {@link RetryPolicy}. */
    private int update(String action, boolean idempotent, String statement, Object... params) {
        return retry.run(idempotent, () -> jdbc.update(action, statement, params));
    }

    @Override
    public void close() {
        jdbc.close();
    }
}
