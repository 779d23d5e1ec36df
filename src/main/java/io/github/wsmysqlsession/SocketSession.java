package io.github.wsmysqlsession;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The server-side session of a WebSocket connection, keyed by the token the client keeps, and shared
 * by every connection on that token: other tabs, other phones, other servers.
 *
 * <p>A connection has a session once its client has sent {@code getToken}; before that, reads see an
 * empty session and writes throw {@link IllegalStateException}. What one connection commits, the
 * server's other connections of the session read at once, and connections on other servers within
 * {@code websocket.session.syncInterval} (1 second by default) and one query; writes made by the Node
 * package on the shared table count too. Every write goes to the database before it returns, changes
 * only the key it names (two connections that write different keys both keep them), and moves the
 * expiry to now plus the idle timeout; {@link #increment} and {@link #update} change a key from its
 * value in the database, so that concurrent read-modify-writes lose nothing. When the session ends
 * (a log-out, a rotation, its expiry, or the deletion of its row, by anyone), no connection of it
 * reads or writes its values any more: each is given a new, empty session, and its client a
 * {@code gotToken} with the reason in {@code errors}. A write that fails throws a
 * {@link SessionStoreException}: {@link SessionGoneException} when the session no longer exists,
 * {@link SessionTooLargeException} when the data would exceed {@code websocket.session.maxDataBytes},
 * {@link SessionUnavailableException} when the database failed. Nothing was written then, and this
 * object is unchanged, unless {@link SessionUnavailableException#outcomeUnknown()} says that the write
 * may have been applied (the connection broke, or the statement was cut off at the query timeout,
 * after it reached the database): then the next read or write on any connection of the session on
 * this server first reloads the row, so that it sees what the database holds (and throws
 * {@link SessionUnavailableException} itself while the database cannot be reached).
 *
 * <p>Values are stored as JSON with JSON-B: strings, numbers, booleans, collections, maps, records
 * and beans. Instances are thread-safe.
 */
public interface SocketSession {

    /**
     * @return the session's token, or {@code ""} when the client has not sent {@code getToken} yet
     */
    String token();

    /**
     * @return whether the client has sent {@code getToken} and this connection has a session
     */
    boolean isReady();

    /**
     * Reads a value the way the Node package's {@code get} does.
     *
     * @param key the key, not {@code null}
     * @return the value if it is a JSON string, its JSON text if it is another JSON value, and
     *     {@code ""} when the key is absent
     */
    String getString(String key);

    /**
     * Reads a value and converts it with JSON-B.
     *
     * @param key the key, not {@code null}
     * @param type the type to convert to, for example {@code Integer.class} or a
     *     {@code ParameterizedType} for {@code List<String>}
     * @param <T> the type to convert to
     * @return the value, or empty when the key is absent or holds JSON {@code null}
     * @throws IllegalArgumentException when the stored JSON cannot be converted to {@code type}
     */
    <T> Optional<T> get(String key, Type type);

    /**
     * Same as {@link #get(String, Type)} for a class.
     *
     * @param key the key, not {@code null}
     * @param type the class to convert to
     * @param <T> the type to convert to
     * @return the value, or empty when the key is absent or holds JSON {@code null}
     */
    <T> Optional<T> get(String key, Class<T> type);

    /**
     * @return the keys this connection sees, in insertion order; an unmodifiable copy
     */
    Set<String> keys();

    /**
     * Stores a value under a key and commits it before returning; also moves the expiry.
     *
     * @param key the key, not {@code null}; any string, including quotes, backslashes and emoji
     * @param value any value JSON-B can serialise; {@code null} stores JSON {@code null}
     * @throws IllegalArgumentException when the value cannot be serialised to JSON
     * @throws IllegalStateException when the client has not sent {@code getToken} yet
     * @throws SessionGoneException when the session no longer exists (expired, ended by another
     *     connection or server); nothing is written
     * @throws SessionTooLargeException when the data would exceed {@code websocket.session.maxDataBytes};
     *     nothing is written
     * @throws SessionUnavailableException when the database failed or did not answer in time
     */
    void set(String key, Object value);

    /**
     * Adds {@code delta} to an integer key in the database, in one statement, and returns the new
     * value: concurrent increments from any number of connections and servers all count. An absent key
     * (or JSON {@code null}) counts as 0. Also moves the expiry.
     *
     * @param key the key, not {@code null}
     * @param delta what to add, may be negative
     * @return the key's value after this increment
     * @throws IllegalStateException when the client has not sent {@code getToken} yet, or the key holds
     *     a value that is not an integer (nothing is written then)
     * @throws SessionGoneException when the session no longer exists; nothing is written
     * @throws SessionTooLargeException when the data would exceed {@code websocket.session.maxDataBytes}
     * @throws SessionUnavailableException when the database failed or did not answer in time
     */
    long increment(String key, long delta);

    /**
     * Changes one key from its current value in the database: reads it, passes it to {@code change},
     * and stores what {@code change} returns if the key still holds what was read, or else reads it
     * again and calls {@code change} again. Nothing is lost when several connections on several
     * servers update the key at once (a cart, a list of notes). {@code change} may run more than once
     * and must have no other effect; it runs while this server's other writes to the session wait.
     *
     * @param key the key, not {@code null}
     * @param type the class of the value, for example {@code String[].class} or {@code Cart.class}
     * @param change from the current value ({@code null} when absent) to the new one ({@code null}
     *     stores JSON {@code null})
     * @param <T> the value's type
     * @return the value stored
     * @throws IllegalStateException when the client has not sent {@code getToken} yet
     * @throws IllegalArgumentException when the stored value cannot be read as {@code type}, or the new
     *     one cannot be written as JSON
     * @throws SessionGoneException when the session no longer exists; nothing is written
     * @throws SessionTooLargeException when the data would exceed {@code websocket.session.maxDataBytes}
     * @throws SessionUnavailableException when the database failed, or other connections changed the
     *     key first too many times in a row
     */
    <T> T update(String key, Class<T> type, UnaryOperator<T> change);

    /**
     * Same as {@link #update(String, Class, UnaryOperator)} for a generic type, for example a
     * {@code ParameterizedType} for {@code List<String>}.
     *
     * @param key the key, not {@code null}
     * @param type the type of the value
     * @param change from the current value ({@code null} when absent) to the new one
     * @param <T> the value's type
     * @return the value stored
     */
    <T> T update(String key, Type type, UnaryOperator<T> change);

    /**
     * Removes a key and commits before returning; removing an absent key still moves the expiry.
     *
     * @param key the key, not {@code null}
     * @throws IllegalStateException when the client has not sent {@code getToken} yet
     * @throws SessionGoneException when the session no longer exists; nothing is written
     * @throws SessionUnavailableException when the database failed or did not answer in time
     */
    void remove(String key);

    /**
     * Removes every key (the Node package's {@code clearSession}) and commits before returning.
     *
     * @throws IllegalStateException when the client has not sent {@code getToken} yet
     * @throws SessionGoneException when the session no longer exists; nothing is written
     * @throws SessionUnavailableException when the database failed or did not answer in time
     */
    void clear();

    /**
     * Gives the session a new token, keeps its data, deletes the old row in the same transaction and
     * sends the client a {@code gotToken} frame with the new token. Do this after a login to prevent
     * session fixation. The session's other connections, here and on other servers, are not given the
     * new token: they get a new, empty session each ({@code errors} {@code "Session Ended"}).
     *
     * @return the new token
     * @throws IllegalStateException when the client has not sent {@code getToken} yet
     * @throws SessionGoneException when the session no longer exists
     * @throws SessionUnavailableException when the database failed; unless its
     *     {@link SessionUnavailableException#outcomeUnknown() outcome is unknown}, the old token stays valid
     */
    String regenerate();

    /**
     * Deletes the session and its data (a log-out), then gives this connection a new, empty session
     * and sends the client a {@code gotToken} frame with its token. The session's other connections,
     * here before this returns and on other servers within the sync interval, read nothing of it any
     * more and get a new, empty session each ({@code errors} {@code "Session Ended"}).
     *
     * @throws IllegalStateException when the client has not sent {@code getToken} yet
     * @throws SessionUnavailableException when the database failed or did not answer in time
     */
    void invalidate();

    /**
     * @return when the session expires unless it is used again, or {@link Instant#EPOCH} when the
     *     client has not sent {@code getToken} yet
     */
    Instant expiresAt();
}
