package io.github.wsmysqlsession.internal.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session table, as core sees it: rows by token, and writes that change one key at a time
 * under the database's row lock, so that writers sharing a token never overwrite each other's keys.
 *
 * <p>Every write is conditional on the row being alive ({@code expires >= now}), so that no write
 * brings a dead session back, and on the result fitting the configured maximum size. Every method is
 * one short transaction. Failures are {@code SessionStoreException}s: {@code SessionUnavailableException}
 * when the database failed or did not answer (with whether a write may have been applied), a plain
 * {@code SessionStoreException} when the table is missing or a row's data is not a JSON object.
 * Implementations are thread-safe.
 */
public interface SessionStore extends AutoCloseable {

    /** The most tokens {@link #findAll} takes at once. */
    int BATCH = 500;

    /**
     * Checks that the table exists, creating it when {@code create} is set.
     *
     * @param create whether to create a missing table
     */
    void prepareTable(boolean create);

    /**
     * @param token a token
     * @return its row, expired or not, or empty when there is none
     */
    Optional<StoredSession> find(String token);

    /**
     * Reads the fingerprints of many rows, for keeping a server's sessions in step with the table, in
     * as few and as cheap statements as the store can.
     *
     * @param tokens the tokens, any number
     * @return the fingerprint of each token's row, in the order of {@code tokens}; {@code null} where
     *     there is no row
     */
    RowFingerprint[] fingerprints(List<String> tokens);

    /**
     * Reads many rows in one statement.
     *
     * @param tokens the tokens, at most {@link #BATCH}
     * @return the rows that exist, expired or not, by token
     */
    Map<String, StoredSession> findAll(Collection<String> tokens);

    /**
     * Reads one key of a live row, for a compare-and-set.
     *
     * @param token the token
     * @param key the key
     * @param now the current Unix time; an expired row is not read
     * @return the key as the database renders it, or empty when the row is missing or expired
     */
    Optional<KeyRead> read(String token, String key, long now);

    /**
     * Sets one key of a live row when it still holds what {@link #read} returned, and moves the
     * row's expiry, in one statement.
     *
     * @param token the token
     * @param key the key
     * @param expected what {@link #read} returned for the key ({@link KeyRead#json()})
     * @param json the new value as JSON text
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time
     * @return the outcome; {@link WriteOutcome#CONFLICT} when the key holds another value now
     */
    WriteOutcome compareAndSet(String token, String key, String expected, String json, long expires, long now);

    /**
     * Adds {@code delta} to an integer key of a live row (an absent key or JSON {@code null} counts as
     * 0) and moves the row's expiry, in one statement that also returns the new value.
     *
     * @param token the token
     * @param key the key
     * @param delta what to add, may be negative
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time
     * @return the outcome and the new value; {@link WriteOutcome#NOT_AN_INTEGER} when the key holds
     *     something else
     */
    Increment increment(String token, String key, long delta, long expires, long now);

    /**
     * Inserts a new row.
     *
     * @param token a new token
     * @param expires Unix seconds
     * @param data the JSON object
     */
    void insert(String token, long expires, String data);

    /**
     * Moves the expiry of a live row.
     *
     * @param token the token
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time; rows that expired before it are not touched
     * @return {@link WriteOutcome#DONE} or {@link WriteOutcome#GONE}
     */
    WriteOutcome touch(String token, long expires, long now);

    /**
     * Sets keys of a live row, leaving its other keys as they are in the database, and moves its
     * expiry, in one statement.
     *
     * @param token the token
     * @param jsonByKey the values as JSON text, by key; at least one
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time
     * @return the outcome
     */
    WriteOutcome put(String token, Map<String, String> jsonByKey, long expires, long now);

    /**
     * Removes one key of a live row and moves its expiry; removing an absent key only moves the expiry.
     *
     * @param token the token
     * @param key the key
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time
     * @return the outcome
     */
    WriteOutcome remove(String token, String key, long expires, long now);

    /**
     * Replaces all data of a live row and moves its expiry.
     *
     * @param token the token
     * @param data the new JSON object
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time
     * @return the outcome
     */
    WriteOutcome replace(String token, String data, long expires, long now);

    /**
     * Moves a live row to a new token in one transaction: the new row gets the old row's data as it is
     * in the database, and the old row is deleted.
     *
     * @param oldToken the current token
     * @param newToken the new token
     * @param expires the new expiry, Unix seconds
     * @param now the current Unix time
     * @return the data now stored under the new token, or empty when the old row was missing or expired
     */
    Optional<String> rotate(String oldToken, String newToken, long expires, long now);

    /**
     * Deletes a row; deleting an absent row does nothing.
     *
     * @param token the token
     */
    void delete(String token);

    /**
     * Deletes up to {@code batchSize} rows that expired before {@code now}; several servers may call
     * this at once, and each expired row is deleted once.
     *
     * @param now the current Unix time
     * @param batchSize the most rows to delete
     * @return how many rows this call deleted
     */
    int deleteExpired(long now, int batchSize);

    /** Releases the store's threads; the database keeps every row. */
    @Override
    void close();
}
