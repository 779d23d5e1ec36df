package io.github.wsmysqlsession;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The server-side session of one WebSocket connection, keyed by the token the client keeps.
 *
 * <p>A connection has a session once its client has sent {@code getToken}; before that, reads see an
 * empty session and writes throw {@link IllegalStateException}. Reads come from this connection's copy
 * of the data, loaded when the session was resumed and updated by this connection's writes. Every
 * write goes to the database before it returns, changes only the key it names (two connections that
 * share a token and write different keys both keep them), and moves the expiry to now plus the idle
 * timeout. A write that fails throws a {@link SessionStoreException} and leaves this object unchanged:
 * {@link SessionGoneException} when the session no longer exists, {@link SessionTooLargeException}
 * when the data would exceed {@code websocket.session.maxDataBytes}, {@link SessionUnavailableException}
 * when the database failed.
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
     * session fixation. Other connections that still use the old token find it gone.
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
     * and sends the client a {@code gotToken} frame with its token.
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
