package io.github.wsmysqlsession.store;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionStoreException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The session table, through JPA native statements over an {@link EntityManagerFactory} whose
 * persistence unit manages {@link SessionEntity} (see {@link SessionPersistence}).
 *
 * <p>Writes change one key in the database ({@code JSON_SET}/{@code JSON_REMOVE} in one
 * {@code UPDATE}), so that connections sharing a token never overwrite each other's keys, and refuse
 * rows that are missing or expired, so that a write never brings a dead session back. Each method is
 * one short transaction; statements time out after the configured query timeout. Thread-safe.
 *
 * <p>Given the {@link DataSource}, the one-statement writes run on a pooled connection in auto-commit
 * mode, without JPA: one round trip each, where a resource-local JPA transaction costs four with
 * Hibernate ({@code SET autocommit=0}, the statement, {@code COMMIT}, {@code SET autocommit=1}).
 */
public final class SessionRepository implements AutoCloseable {

    /** Outcome of a write. */
    public enum Outcome {
        /** The row was changed and committed. */
        DONE,
        /** The row is missing or expired; nothing was changed. */
        GONE,
        /** The change would make {@code data} larger than the configured maximum; nothing was changed. */
        TOO_LARGE
    }

    private static final String TIMEOUT_HINT = "jakarta.persistence.query.timeout";

    private final EntityManagerFactory emf;
    private final DataSource dataSource;
    private final String table;
    private final String ddl;
    private final int maxDataBytes;
    private final Duration timeout;
    private final int timeoutMillis;
    private final StatementWatchdog watchdog;
    private final int retries;
    private final boolean hashTokens;

    private final String selectSql;
    private final String insertSql;
    private final String touchSql;
    private final String setKeySql;
    private final String setKeyBoundedSql;
    private final String removeKeySql;
    private final String replaceSql;
    private final String lockSql;
    private final String deleteSql;
    private final String expiredSql;

    /**
     * @param emf a factory whose persistence unit lists {@link SessionEntity}
     * @param settings table name, maximum data size and query timeout are read from here
     */
    public SessionRepository(EntityManagerFactory emf, SessionSettings settings) {
        this(emf, null, settings);
    }

    /**
     * @param emf a factory whose persistence unit lists {@link SessionEntity}
     * @param dataSource the factory's datasource, for the one-statement writes; {@code null} runs
     *     them through JPA
     * @param settings table name, maximum data size and query timeout are read from here
     */
    public SessionRepository(EntityManagerFactory emf, DataSource dataSource, SessionSettings settings) {
        this.emf = emf;
        this.dataSource = dataSource;
        this.table = settings.tableName();
        this.ddl = schema(table);
        this.maxDataBytes = settings.maxDataBytes();
        this.timeout = settings.queryTimeout();
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.watchdog = new StatementWatchdog(timeout);
        this.retries = settings.writeRetries();
        this.hashTokens = settings.hashTokens();
        String t = "`" + table + "`";
        // NULLIF/COALESCE: rows written by the Node package or by hand may hold NULL or "".
        String doc = "COALESCE(NULLIF(data, ''), '{}')";
        selectSql = "SELECT sessionId, expires, data FROM " + t + " WHERE sessionId = ?";
        insertSql = "INSERT INTO " + t + " (sessionId, expires, data) VALUES (?, ?, ?)";
        touchSql = "UPDATE " + t + " SET expires = ? WHERE sessionId = ? AND expires >= ?";
        setKeySql = setKeysSql(1, false);
        setKeyBoundedSql = setKeysSql(1, true);
        removeKeySql = "UPDATE " + t + " SET data = JSON_REMOVE(" + doc + ", ?), expires = ?"
                + " WHERE sessionId = ? AND expires >= ? AND JSON_VALID(" + doc + ")";
        replaceSql = "UPDATE " + t + " SET data = ?, expires = ? WHERE sessionId = ? AND expires >= ?";
        lockSql = selectSql + " AND expires >= ? FOR UPDATE";
        deleteSql = "DELETE FROM " + t + " WHERE sessionId = ?";
        expiredSql = "SELECT sessionId FROM " + t + " WHERE expires < ? LIMIT ?";
    }

    /**
     * @param table the table name
     * @return the {@code CREATE TABLE} statement for it, the Node package's schema
     */
    public static String schema(String table) {
        try (InputStream in = SessionRepository.class.getResourceAsStream("schema-mysql.sql")) {
            if (in == null) {
                throw new IllegalStateException("schema-mysql.sql is missing from the library's jar");
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return sql.replace("`session`", "`" + table + "`");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks that the table exists, creating it when {@code create} is set.
     *
     * @param create whether to create a missing table
     * @throws SessionStoreException when the table is missing (with its {@code CREATE} statement) or
     *     the database cannot be reached
     */
    public void prepareTable(boolean create) {
        // information_schema rather than a failing SELECT, which JPA providers log as an ERROR
        Number found = read("check the session table", em -> (Number) query(em, "SELECT COUNT(*) FROM "
                + "information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")
                .setParameter(1, table).getSingleResult());
        if (found.intValue() > 0) {
            return;
        }
        if (!create) {
            throw StoreErrors.missingTable(table, ddl, null);
        }
        write("create the session table", em -> query(em, ddl.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
                .executeUpdate());
    }

    /**
     * @param e a failure of this class
     * @return whether it failed because the table does not exist
     */
    public static boolean isMissingTable(SessionStoreException e) {
        return StoreErrors.isMissingTable(e);
    }

    /**
     * @param token the token
     * @return the row, expired or not, or empty when there is none
     */
    public Optional<SessionEntity> find(String token) {
        if (dataSource != null) {
            return findOverJdbc(token);
        }
        return read("load the session", em -> {
            List<?> rows = em.createNativeQuery(selectSql, SessionEntity.class).setParameter(1, key(token))
                    .setHint(TIMEOUT_HINT, timeoutMillis).getResultList();
            return rows.isEmpty() ? Optional.empty() : Optional.of((SessionEntity) rows.get(0));
        });
    }

    /** {@link #find} without JPA: one pooled connection, one {@code SELECT}, no entity manager. */
    private Optional<SessionEntity> findOverJdbc(String token) {
        return onConnection("load the session", selectSql, new Object[] {key(token)}, s -> {
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new SessionEntity(rs.getString(1), rs.getLong(2), rs.getString(3)))
                        : Optional.empty();
            }
        });
    }

    /**
     * Inserts a new row.
     *
     * @param token the token
     * @param expires Unix seconds
     * @param data the JSON object
     */
    public void save(String token, long expires, String data) {
        update("create the session", false, insertSql, key(token), expires, data);
    }

    /**
     * Moves the expiry of a live row.
     *
     * @param token the token
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time; rows that expired before it are not touched
     * @return {@link Outcome#DONE} or {@link Outcome#GONE}
     */
    public Outcome touch(String token, long expires, long now) {
        int n = update("extend the session", touchSql, expires, key(token), now);
        return n == 1 ? Outcome.DONE : Outcome.GONE;
    }

    /**
     * Sets one key of a live row, leaving its other keys as they are in the database, and moves its
     * expiry: one {@code UPDATE} with {@code JSON_SET}, so that no other key is lost and no read is
     * needed. The {@code LENGTH} guard keeps a result over the size limit from being written (or, in a
     * non-strict SQL mode, silently truncated).
     *
     * @param token the token
     * @param key the key
     * @param json the value as JSON text
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time
     * @return the outcome
     */
    public Outcome put(String token, String key, String json, long expires, long now) {
        return putAll(token, Map.of(key, json), expires, now);
    }

    /**
     * Sets several keys of a live row in one {@code UPDATE} (one {@code JSON_SET} with a path and value
     * per key), leaving its other keys as they are in the database, and moves its expiry.
     *
     * @param token the token
     * @param jsonByKey the values as JSON text, by key; at least one
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time
     * @return the outcome
     */
    public Outcome putAll(String token, Map<String, String> jsonByKey, long expires, long now) {
        int keys = jsonByKey.size();
        Object[] pairs = new Object[keys * 2];
        int added = 0;
        int i = 0;
        for (Map.Entry<String, String> e : jsonByKey.entrySet()) {
            String path = path(e.getKey());
            pairs[i++] = path;
            pairs[i++] = e.getValue();
            added += SessionData.utf8Length(path) + SessionData.utf8Length(e.getValue()) + 4;
        }
        Object[] bounded = Arrays.copyOf(pairs, pairs.length + 4);
        bounded[pairs.length] = expires;
        bounded[pairs.length + 1] = key(token);
        bounded[pairs.length + 2] = now;
        bounded[pairs.length + 3] = maxDataBytes - added;
        int n = update("save the session", keys == 1 ? setKeyBoundedSql : setKeysSql(keys, true), bounded);
        if (n == 0) {
            // near the size limit the bound may refuse a write that fits: then the exact guard decides
            Object[] exact = Arrays.copyOf(bounded, bounded.length + pairs.length);
            System.arraycopy(pairs, 0, exact, pairs.length + 3, pairs.length);
            exact[exact.length - 1] = maxDataBytes;
            n = update("save the session", keys == 1 ? setKeySql : setKeysSql(keys, false), exact);
        }
        return n == 1 ? Outcome.DONE : diagnose(token, now);
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
    private String setKeysSql(int keys, boolean bounded) {
        String set = "JSON_SET(COALESCE(NULLIF(data, ''), '{}')" + ", ?, JSON_EXTRACT(?, '$')".repeat(keys) + ")";
        return "UPDATE `" + table + "` SET data = " + set + ", expires = ? WHERE sessionId = ? AND expires >= ?"
                + (bounded ? " AND COALESCE(LENGTH(data), 0) * 3 DIV 2 <= ?" : " AND LENGTH(" + set + ") <= ?");
    }

    /**
     * Removes one key of a live row and moves its expiry.
     *
     * @param token the token
     * @param key the key; removing an absent key only moves the expiry
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time
     * @return {@link Outcome#DONE} or {@link Outcome#GONE}
     */
    public Outcome remove(String token, String key, long expires, long now) {
        String path = path(key);
        int n = update("save the session", removeKeySql, path, expires, key(token), now);
        return n == 1 ? Outcome.DONE : diagnose(token, now);
    }

    /**
     * Replaces all data of a live row and moves its expiry.
     *
     * @param token the token
     * @param data the new JSON object
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time
     * @return {@link Outcome#DONE}, {@link Outcome#GONE} or {@link Outcome#TOO_LARGE}
     */
    public Outcome replace(String token, String data, long expires, long now) {
        if (SessionData.utf8Length(data) > maxDataBytes) {
            return Outcome.TOO_LARGE;
        }
        int n = update("save the session", replaceSql, data, expires, key(token), now);
        return n == 1 ? Outcome.DONE : Outcome.GONE;
    }

    /**
     * Moves a live row to a new token in one transaction: the new row gets the old row's data as it
     * is in the database, and the old row is deleted.
     *
     * @param oldToken the current token
     * @param newToken the new token
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time
     * @return the data now stored under the new token, or empty when the old row was missing or expired
     */
    public Optional<String> rotate(String oldToken, String newToken, long expires, long now) {
        return write("regenerate the session", false, em -> {
            Optional<SessionEntity> row = lock(em, oldToken, now);
            if (row.isEmpty()) {
                return Optional.<String>empty();
            }
            String data = row.get().data() == null ? "{}" : row.get().data();
            query(em, insertSql).setParameter(1, key(newToken)).setParameter(2, expires).setParameter(3, data)
                    .executeUpdate();
            query(em, deleteSql).setParameter(1, key(oldToken)).executeUpdate();
            return Optional.of(data);
        });
    }

    /**
     * Deletes a row; deleting an absent row does nothing.
     *
     * @param token the token
     */
    public void delete(String token) {
        update("delete the session", deleteSql, key(token));
    }

    /**
     * Deletes up to {@code batchSize} rows that expired before {@code now}. The rows are found by a
     * plain (non-locking) read and then deleted by primary key in one short transaction, re-checking
     * the expiry: the delete locks only those rows, in key order, so it cannot deadlock with writes of
     * live sessions or with another server sweeping the same table.
     *
     * @param now the current Unix time
     * @param batchSize the most rows to delete
     * @return how many rows this call deleted
     */
    public int deleteExpired(long now, int batchSize) {
        List<?> ids = read("find expired sessions", em -> query(em, expiredSql).setParameter(1, now)
                .setParameter(2, batchSize).getResultList());
        if (ids.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder("DELETE FROM `").append(table).append("` WHERE expires < ?")
                .append(" AND sessionId IN (");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        return write("delete expired sessions", em -> {
            Query q = query(em, sql.toString()).setParameter(1, now);
            for (int i = 0; i < ids.size(); i++) {
                q.setParameter(i + 2, ids.get(i));
            }
            return q.executeUpdate();
        });
    }

    /**
     * The row's key for a token: the token itself (as the Node package stores it), or with
     * {@code hashTokens} the first 32 hex digits (128 bits) of its SHA-256. 128 bits keep a leaked
     * hash from being turned back into a usable token (a preimage costs about 2^128 tries; the token
     * itself is 192 random bits, so no salt is needed against guessing) and fit the
     * {@code varchar(32)} column; two sessions sharing a key would take about 2^64 sessions.
     */
    private String key(String token) {
        if (!hashTokens) {
            return token;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The JSON path of a key: {@code $."key"}, with the key escaped exactly as {@link SessionData}
     * writes keys. MariaDB copies a new key's path text verbatim into the document, so one fixed
     * escaping keeps keys readable by {@code JSON.parse} and by this library; any string works,
     * including quotes, backslashes, NUL and emoji (as surrogate escapes, which the utf8 column holds).
     *
     * <p>MariaDB (10.11 and 11.4 alike) rejects a quoted member that starts with {@code -} as a path
     * syntax error, so a leading dash is written as its escape {@code \u002d}: MariaDB matches it
     * against an existing {@code "-key"} (written by Node or by a whole-row write) and a new key lands
     * as {@code "\u002dkey"}, which every JSON parser reads as {@code "-key"}.
     */
    private static String path(String key) {
        String quoted = SessionData.quote(key);
        return key.startsWith("-") ? "$.\"\\u002d" + quoted.substring(2) : "$." + quoted;
    }

    private Optional<SessionEntity> lock(EntityManager em, String token, long now) {
        List<?> rows = em.createNativeQuery(lockSql, SessionEntity.class).setParameter(1, key(token))
                .setParameter(2, now).setHint(TIMEOUT_HINT, timeoutMillis).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of((SessionEntity) rows.get(0));
    }

    /** Why a one-statement write changed no row: gone, or the result would be too large. */
    private Outcome diagnose(String token, long now) {
        Optional<SessionEntity> row = find(token);
        if (row.isEmpty() || row.get().expires() < now) {
            return Outcome.GONE;
        }
        parseStored(row.get().data());
        return Outcome.TOO_LARGE;
    }

    private static Map<String, String> parseStored(String data) {
        try {
            return SessionData.parse(data);
        } catch (IllegalArgumentException e) {
            throw StoreErrors.corruptData(e);
        }
    }

    private Query query(EntityManager em, String sql) {
        return em.createNativeQuery(sql).setHint(TIMEOUT_HINT, timeoutMillis);
    }

    private <T> T read(String action, Function<EntityManager, T> work) {
        EntityManager em = null;
        try {
            em = emf.createEntityManager();
            return work.apply(em);
        } catch (RuntimeException e) {
            throw StoreErrors.translate(action, e, table, ddl, timeout);
        } finally {
            if (em != null) {
                em.close();
            }
        }
    }

    /** Stops the threads that bound statements by the query timeout. */
    @Override
    public void close() {
        watchdog.close();
    }

    /**
     * Runs one statement as its own transaction: on a connection of the datasource when there is one
     * ({@link #onConnection}), else in a JPA transaction.
     *
     * @return the update count
     */
    private int update(String action, String sql, Object... params) {
        return update(action, true, sql, params);
    }

    /** @param idempotent whether running the statement twice leaves what running it once does */
    private int update(String action, boolean idempotent, String sql, Object... params) {
        if (dataSource == null) {
            return write(action, idempotent, em -> {
                Query q = query(em, sql);
                for (int i = 0; i < params.length; i++) {
                    q.setParameter(i + 1, params[i]);
                }
                return q.executeUpdate();
            });
        }
        return retrying(idempotent, () -> onConnection(action, sql, params, PreparedStatement::executeUpdate));
    }

    /** What runs the prepared, bound statement. */
    @FunctionalInterface
    private interface StatementCall<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs one statement as its own transaction on a connection of the datasource: in auto-commit mode,
     * or committed explicitly when the pool hands out connections without auto-commit. Bounded by the
     * watchdog, not {@code setQueryTimeout}: see {@link StatementWatchdog}.
     */
    private <T> T onConnection(String action, String sql, Object[] params, StatementCall<T> call) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                StatementWatchdog.Watch watch = watchdog.watch(c, s);
                try {
                    T result = call.run(s);
                    if (!autoCommit) {
                        c.commit();
                    }
                    return result;
                } catch (SQLException e) {
                    throw watch.explain(e);
                } finally {
                    watch.close();
                }
            } catch (SQLException e) {
                if (!autoCommit) {
                    rollbackQuietly(c, e);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw StoreErrors.translate(action, new PersistenceException(e), table, ddl, timeout);
        }
    }

    private static void rollbackQuietly(Connection c, SQLException failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Runs one transaction, replaying it when the database aborted it for a deadlock (1213; on a
     * Galera cluster also a certification conflict between nodes) or a lock wait timeout (1205).
     * Replaying is correct for every transaction of this class: each one sets values that depend
     * only on its parameters and re-reads the row it changes (a key's new value, an expiry, a delete
     * by key, a rotation that locks the old row again), and an aborted transaction applied nothing;
     * 1205 rolls back only the statement in InnoDB, so the transaction is rolled back here before
     * the replay. A Galera node that is not ready yet (1047) ran nothing. A broken connection leaves
     * the outcome unknown, so then only writes that may run twice are replayed (not the insert of a
     * new session, nor a rotation). The number of attempts is bounded; then the failure is reported.
     */
    private <T> T write(String action, Function<EntityManager, T> work) {
        return write(action, true, work);
    }

    /**
     * @param idempotent whether running the transaction twice leaves what running it once does
     */
    private <T> T write(String action, boolean idempotent, Function<EntityManager, T> work) {
        return retrying(idempotent, () -> writeOnce(action, work));
    }

    /** Replays {@code once} as {@link #write} describes. */
    private <T> T retrying(boolean idempotent, Supplier<T> once) {
        // replays start within one query timeout of the first attempt, so that a database that is gone
        // (each attempt waiting for the pool's connection timeout) fails the caller in bounded time
        long giveUp = System.nanoTime() + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return once.get();
            } catch (SessionStoreException e) {
                int code = StoreErrors.errorCode(e);
                boolean retryable = code == StoreErrors.DEADLOCK || code == StoreErrors.LOCK_WAIT_TIMEOUT
                        || code == StoreErrors.WSREP_NOT_READY || idempotent && StoreErrors.connectionLost(e);
                if (!retryable || attempt > retries || System.nanoTime() - giveUp >= 0) {
                    if (retryable) {
                        throw new SessionStoreException(e.getMessage() + " (after " + attempt + " attempts; "
                                + "websocket.session.writeRetries=" + retries + ")", e.getCause());
                    }
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /** Sleeps 2, 4, 8 ... ms (at most 100), with full jitter so that colliding writers drift apart. */
    private static void backOff(int attempt) {
        long ceiling = Math.min(100, 1L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionStoreException("Interrupted while retrying a session write", e);
        }
    }

    private <T> T writeOnce(String action, Function<EntityManager, T> work) {
        EntityManager em = null;
        EntityTransaction tx = null;
        try {
            em = emf.createEntityManager();
            tx = em.getTransaction();
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            rollbackQuietly(tx, e);
            throw StoreErrors.translate(action, e, table, ddl, timeout);
        } finally {
            if (em != null) {
                em.close();
            }
        }
    }

    private static void rollbackQuietly(EntityTransaction tx, RuntimeException failure) {
        try {
            if (tx != null && tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
