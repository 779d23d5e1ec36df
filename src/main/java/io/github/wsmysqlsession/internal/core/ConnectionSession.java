package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionGoneException;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionTooLargeException;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.json.JsonText;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.store.SessionStore;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import jakarta.websocket.Session;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The session of one connection, kept in {@code Session.getUserProperties()}: the token it is bound
 * to, the values as last committed or read, and the writes a handler deferred. Reads come from the
 * values; each write goes to the {@link SessionStore} (one key in one statement) and, once committed,
 * changes the values. Rotation and invalidation go to the {@link SessionLifecycle}. Every method holds
 * this object's lock, so a connection's writes are applied in order and its values always match what
 * it committed.
 */
final class ConnectionSession implements SocketSession {

    private final Session socket;
    private final SessionStore store;
    private final Lifetime lifetime;
    private final JsonValues json;
    private final int maxDataBytes;
    private final SessionLifecycle lifecycle;
    private final FloodGate gate = new FloodGate();

    private String token = "";
    private Map<String, String> values = new LinkedHashMap<>();
    /** Keys set but not yet written (JSON text by key), while writes are deferred; else null. */
    private Map<String, String> deferred;
    /** The values as last committed, while writes are deferred. */
    private Map<String, String> committedValues;
    private long expires;
    /** Unix seconds of the session's creation when an absolute timeout is set, else 0. */
    private long createdAt;

    ConnectionSession(Session socket, SessionStore store, Lifetime lifetime, JsonValues json, int maxDataBytes,
            SessionLifecycle lifecycle) {
        this.socket = socket;
        this.store = store;
        this.lifetime = lifetime;
        this.json = json;
        this.maxDataBytes = maxDataBytes;
        this.lifecycle = lifecycle;
    }

    Session socket() {
        return socket;
    }

    FloodGate gate() {
        return gate;
    }

    synchronized void bind(String newToken, Map<String, String> newValues, long newExpires, long newCreatedAt) {
        token = newToken;
        values = newValues;
        expires = newExpires;
        createdAt = newCreatedAt;
    }

    synchronized long createdAt() {
        return createdAt;
    }

    @Override
    public synchronized String token() {
        return token;
    }

    @Override
    public synchronized boolean isReady() {
        return !token.isEmpty();
    }

    @Override
    public String getString(String key) {
        String value = jsonOf(key);
        if (value == null || value.equals("null")) {
            return "";
        }
        return value.startsWith("\"") ? json.fromJson(key, value, String.class) : value;
    }

    @Override
    public <T> Optional<T> get(String key, Type type) {
        Objects.requireNonNull(type, "type");
        String value = jsonOf(key);
        if (value == null || value.equals("null")) {
            return Optional.empty();
        }
        return Optional.ofNullable(json.fromJson(key, value, type));
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        return get(key, (Type) type);
    }

    private synchronized String jsonOf(String key) {
        return values.get(Objects.requireNonNull(key, "key"));
    }

    @Override
    public synchronized Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(values.keySet()));
    }

    @Override
    public synchronized void set(String key, Object value) {
        requireUserKey(key);
        String text = json.toJson(key, value);
        requireReady("set");
        Map<String, String> next = new LinkedHashMap<>(values);
        next.put(key, text);
        int size = SessionDocument.renderedLength(next);
        if (size > maxDataBytes) {
            throw tooLarge(List.of(key), size);
        }
        if (deferred != null) {
            deferred.put(key, text);
            values = next;
            return;
        }
        long now = lifetime.now();
        long newExpires = lifetime.expiresFor(now, createdAt);
        committed(store.put(token, Map.of(key, text), newExpires, now), List.of(key), next, newExpires);
    }

    @Override
    public synchronized void remove(String key) {
        requireUserKey(key);
        flushWrites(); // in order: the deferred keys first
        requireReady("remove");
        Map<String, String> next = new LinkedHashMap<>(values);
        next.remove(key);
        long now = lifetime.now();
        long newExpires = lifetime.expiresFor(now, createdAt);
        committed(store.remove(token, key, newExpires, now), List.of(key), next, newExpires);
    }

    @Override
    public synchronized void clear() {
        flushWrites(); // in order: the deferred keys first
        requireReady("clear");
        long now = lifetime.now();
        long newExpires = lifetime.expiresFor(now, createdAt);
        WriteOutcome outcome = store.replace(token, Lifetime.initialData(createdAt), newExpires, now);
        committed(outcome, List.of(), new LinkedHashMap<>(), newExpires);
    }

    private void committed(WriteOutcome outcome, Collection<String> keys, Map<String, String> next, long newExpires) {
        switch (outcome) {
            case DONE -> {
                values = next;
                expires = newExpires;
            }
            case GONE -> {
                String old = token;
                bind("", new LinkedHashMap<>(), 0, 0);
                throw new SessionGoneException("The session " + Tokens.forLog(old) + " no longer exists: it expired, "
                        + "or another connection regenerated or invalidated it. The client must send getToken again.");
            }
            case TOO_LARGE -> throw tooLarge(keys, -1);
        }
    }

    private SessionTooLargeException tooLarge(Collection<String> keys, int size) {
        StringJoiner names = new StringJoiner(", ");
        keys.forEach(k -> names.add(JsonText.quote(k)));
        String what = keys.isEmpty() ? "Writing the session" : "Setting session key" + (keys.size() > 1 ? "s " : " ")
                + names;
        return new SessionTooLargeException(what + " would make the stored data "
                + (size < 0 ? "larger than" : size + " bytes, over") + " the limit of " + maxDataBytes
                + " bytes (websocket.session.maxDataBytes); store less, or raise the limit after widening the data "
                + "column. Nothing was changed.");
    }

    @Override
    public synchronized String regenerate() {
        flushWrites(); // in order: the deferred keys first
        requireReady("regenerate");
        return lifecycle.regenerate(this, token);
    }

    @Override
    public synchronized void invalidate() {
        flushWrites(); // in order: the deferred keys first
        requireReady("invalidate");
        lifecycle.invalidate(this, token);
    }

    /**
     * Defers this connection's {@code set} calls until {@link #flushWrites()}: they change the
     * connection's copy at once and are written together, in one statement, when the message handler
     * returns. Called by the endpoint before the handler when the application opted in.
     */
    synchronized void deferWrites() {
        if (deferred == null && !token.isEmpty()) {
            deferred = new LinkedHashMap<>();
            committedValues = values;
        }
    }

    /**
     * Writes the deferred keys in one {@code UPDATE} and ends deferring. On failure the connection's
     * copy returns to what was committed, and the failure is thrown (to the endpoint's error handling).
     */
    synchronized void flushWrites() {
        Map<String, String> changes = deferred;
        Map<String, String> before = committedValues;
        deferred = null;
        committedValues = null;
        if (changes == null || changes.isEmpty()) {
            return;
        }
        Map<String, String> next = values;
        values = before;
        long now = lifetime.now();
        long newExpires = lifetime.expiresFor(now, createdAt);
        committed(store.put(token, changes, newExpires, now), changes.keySet(), next, newExpires);
    }

    @Override
    public synchronized Instant expiresAt() {
        return Instant.ofEpochSecond(expires);
    }

    private static void requireUserKey(String key) {
        if (SessionSettings.CREATED_KEY.equals(Objects.requireNonNull(key, "key"))) {
            throw new IllegalArgumentException("The session key " + key + " is reserved by the library");
        }
        int bad = JsonText.unpairedSurrogate(key);
        if (bad >= 0) {
            throw new IllegalArgumentException("The session key " + JsonText.quote(key) + " has an unpaired "
                    + "surrogate at index " + bad + "; it is not valid Unicode");
        }
    }

    private void requireReady(String operation) {
        if (token.isEmpty()) {
            throw new IllegalStateException("Cannot " + operation + " before the client has sent getToken: "
                    + "this connection has no session yet (check SocketSession.isReady())");
        }
    }

    @Override
    public synchronized String toString() {
        return "SocketSession[" + Tokens.forLog(token) + ", " + values.size() + " keys]";
    }
}
