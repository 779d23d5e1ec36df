package io.github.wsmysqlsession.internal.store.mysql;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionStoreException;
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

    /** Rebuilt by {@link #prepareTable} for the connections' {@code sql_mode}; the guarded statements until then. */
    private volatile SessionSql sql;
    private final TokenKeys keys;
    private final int maxDataBytes;
    private final StoreErrors errors;
    private final RetryPolicy retry;
    private final JdbcStatements jdbc;
    private final JpaTransactions jpa;
    private final BatchReads batches;
    private final KeyUpdates keyUpdates;

    /**
     * @param emf a factory whose persistence unit lists {@link SessionEntity}, over {@code dataSource}
     * @param dataSource connections to the database holding the table
     * @param settings table name, maximum data size, query timeout, retries and token hashing
     */
    public MySqlSessionStore(EntityManagerFactory emf, DataSource dataSource, SessionSettings settings) {
        Objects.requireNonNull(emf, "emf");
        Objects.requireNonNull(dataSource, "dataSource");
        this.sql = new SessionSql(settings.tableName(), false);
        this.keys = new TokenKeys(settings.hashTokens());
        this.maxDataBytes = settings.maxDataBytes();
        this.errors = new StoreErrors(sql, settings.queryTimeout());
        this.retry = new RetryPolicy(settings.writeRetries(), settings.queryTimeout());
        this.jdbc = new JdbcStatements(dataSource, settings.queryTimeout(), errors);
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.queryTimeout().toMillis());
        this.jpa = new JpaTransactions(emf, timeoutMillis, errors);
        this.batches = new BatchReads(sql, keys, jdbc);
        this.keyUpdates = new KeyUpdates(() -> sql, keys, maxDataBytes, retry, jdbc, this::find);
    }

    @Override
    public void prepareTable(boolean create) {
        // information_schema rather than a failing SELECT, which JPA providers log as an ERROR
        Number found = jpa.read("check the session table", em -> (Number) jpa.query(em, sql.tableExists)
                .setParameter(1, sql.table).getSingleResult());
        if (found.intValue() == 0) {
            if (!create) {
                throw errors.missingTable(null);
            }
            retry.run(true, () -> jpa.write("create the session table",
                    em -> jpa.query(em, sql.createIfMissing()).executeUpdate()));
        }
        checkDataColumn();
    }

    /**
     * Refuses a {@code maxDataBytes} larger than the {@code data} column holds (in a non-strict
     * {@code sql_mode} the database would cut the JSON short), and picks the statements for the
     * connections' {@code sql_mode}.
     */
    private void checkDataColumn() {
        Object[] row = jdbc.query("check the session table", sql.dataColumn, new Object[] {sql.table},
                rs -> rs.next() ? new Object[] {rs.getLong(1), rs.getString(2)} : null);
        if (row == null) {
            return;
        }
        long capacity = (Long) row[0];
        if (capacity > 0 && maxDataBytes > capacity) {
            throw new SessionStoreException("websocket.session.maxDataBytes is " + maxDataBytes + " but the data column "
                    + "of `" + sql.table + "` holds " + capacity + " bytes; lower the setting, or widen the column, for "
                    + "example ALTER TABLE `" + sql.table + "` MODIFY data MEDIUMTEXT COLLATE utf8_bin");
        }
        String mode = String.valueOf(row[1]);
        sql = sql.withStrict(mode.contains("STRICT_TRANS_TABLES") || mode.contains("STRICT_ALL_TABLES"));
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
        return keyUpdates.read(token, key, now);
    }

    @Override
    public WriteOutcome compareAndSet(String token, String key, String expected, String json, long expires, long now) {
        return keyUpdates.compareAndSet(token, key, expected, json, expires, now);
    }

    @Override
    public Increment increment(String token, String key, long delta, long expires, long now) {
        return keyUpdates.increment(token, key, delta, expires, now);
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
            pairs[i++] = JsonPaths.value(e.getKey(), e.getValue());
            added += maxDataBytes - keyUpdates.room(path, e.getValue());
        }
        Object[] bounded = Arrays.copyOf(pairs, pairs.length + 4);
        bounded[pairs.length] = expires;
        bounded[pairs.length + 1] = keys.key(token);
        bounded[pairs.length + 2] = now;
        bounded[pairs.length + 3] = maxDataBytes - added;
        SessionSql s = sql;
        int n = update("save the session", true, s.setKeys(count, true), bounded);
        if (n == 0) {
            Object[] exact = Arrays.copyOf(bounded, bounded.length + pairs.length);
            System.arraycopy(pairs, 0, exact, pairs.length + 3, pairs.length);
            exact[exact.length - 1] = maxDataBytes;
            n = update("save the session", true, s.setKeys(count, false), exact);
        }
        return n == 1 ? WriteOutcome.DONE : diagnose(token, now);
    }

    /**
     * {@inheritDoc}
     *
     * <p>JSON_REMOVE re-spaces a compact document (the Node package's) too, so removing a key can make
     * it longer: the same bound and exact guard as a {@code set}.
     */
    @Override
    public WriteOutcome remove(String token, String key, long expires, long now) {
        SessionSql s = sql;
        String path = JsonPaths.path(key);
        int n = update("save the session", true, s.removeBounded, path, expires, keys.key(token), now, maxDataBytes);
        if (n == 0) {
            n = update("save the session", true, s.removeExact, path, expires, keys.key(token), now, path, maxDataBytes);
        }
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
