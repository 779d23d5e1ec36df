package io.github.wsmysqlsession.core;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.store.SessionData;
import io.github.wsmysqlsession.store.SessionRepository.Outcome;
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
 * The session of one connection, kept in {@code Session.getUserProperties()}. Every method holds this
 * object's lock, so a connection's writes are applied in order and its copy of the data always
 * matches what it committed.
 */
final class ConnectionSession implements SocketSession {

    private final SessionManager manager;
    private final Session socket;
    private String token = "";
    private Map<String, String> values = new LinkedHashMap<>();
    /** Keys set but not yet written (JSON text by key), while writes are deferred; else null. */
    private Map<String, String> deferred;
    /** The values as last committed, while writes are deferred. */
    private Map<String, String> committedValues;
    private long expires;
    /** Unix seconds of the session's creation when an absolute timeout is set, else 0. */
    private long createdAt;
    private long windowStart;
    private int framesInWindow;

    ConnectionSession(SessionManager manager, Session socket) {
        this.manager = manager;
        this.socket = socket;
    }

    Session socket() {
        return socket;
    }

    synchronized void bind(String newToken, Map<String, String> newValues, long newExpires, long newCreatedAt) {
        token = newToken;
        values = newValues;
        expires = newExpires;
        createdAt = newCreatedAt;
    }

    private void unbind() {
        bind("", new LinkedHashMap<>(), 0, 0);
    }

    /**
     * Counts a getToken frame against the per-minute limit.
     *
     * @return whether the frame is within the limit
     */
    synchronized boolean admitGetToken(int perMinute, long nanoTime) {
        if (perMinute == 0) {
            return true;
        }
        if (framesInWindow == 0 || nanoTime - windowStart >= 60_000_000_000L) {
            windowStart = nanoTime;
            framesInWindow = 0;
        }
        return ++framesInWindow <= perMinute;
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
    public synchronized String getString(String key) {
        String json = values.get(Objects.requireNonNull(key, "key"));
        if (json == null || json.equals("null")) {
            return "";
        }
        return json.startsWith("\"") ? manager.json().fromJson(key, json, String.class) : json;
    }

    @Override
    public <T> Optional<T> get(String key, Type type) {
        Objects.requireNonNull(type, "type");
        String json;
        synchronized (this) {
            json = values.get(Objects.requireNonNull(key, "key"));
        }
        if (json == null || json.equals("null")) {
            return Optional.empty();
        }
        return Optional.ofNullable(manager.json().fromJson(key, json, type));
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        return get(key, (Type) type);
    }

    @Override
    public synchronized Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(values.keySet()));
    }

    @Override
    public synchronized void set(String key, Object value) {
        requireUserKey(key);
        String json = manager.json().toJson(key, value);
        requireReady("set");
        Map<String, String> next = new LinkedHashMap<>(values);
        next.put(key, json);
        int size = SessionData.renderedLength(next);
        if (size > manager.settings().maxDataBytes()) {
            throw tooLarge(key, size);
        }
        if (deferred != null) {
            deferred.put(key, json);
            values = next;
            return;
        }
        long now = manager.now();
        long newExpires = manager.expiresFor(now, createdAt);
        Outcome outcome = manager.repository().put(token, key, json, newExpires, now);
        if (outcome == Outcome.TOO_LARGE) {
            throw tooLarge(key, -1);
        }
        committed(outcome, next, newExpires);
    }

    @Override
    public synchronized void remove(String key) {
        requireUserKey(key);
        flushWrites(); // in order: the deferred keys first
        requireReady("remove");
        Map<String, String> next = new LinkedHashMap<>(values);
        next.remove(key);
        long now = manager.now();
        long newExpires = manager.expiresFor(now, createdAt);
        committed(manager.repository().remove(token, key, newExpires, now), next, newExpires);
    }

    @Override
    public synchronized void clear() {
        flushWrites(); // in order: the deferred keys first
        requireReady("clear");
        long now = manager.now();
        long newExpires = manager.expiresFor(now, createdAt);
        String data = createdAt == 0 ? "{}" : SessionManager.createdMarker(createdAt);
        committed(manager.repository().replace(token, data, newExpires, now), new LinkedHashMap<>(), newExpires);
    }

    private void committed(Outcome outcome, Map<String, String> next, long newExpires) {
        if (outcome == Outcome.GONE) {
            String old = token;
            unbind();
            throw new SessionStoreException("The session " + Tokens.forLog(old) + " no longer exists: it expired, "
                    + "or another connection regenerated or invalidated it. The client must send getToken again.");
        }
        values = next;
        expires = newExpires;
    }

    private SessionStoreException tooLarge(String key, int size) {
        return tooLarge(List.of(key), size);
    }

    private SessionStoreException tooLarge(Collection<String> keys, int size) {
        StringJoiner names = new StringJoiner(", ");
        keys.forEach(k -> names.add(SessionData.quote(k)));
        return new SessionStoreException("Setting session key" + (keys.size() > 1 ? "s " : " ") + names
                + " would make the stored "
                + "data " + (size < 0 ? "larger than" : size + " bytes, over") + " the limit of "
                + manager.settings().maxDataBytes() + " bytes (websocket.session.maxDataBytes); store less, "
                + "or raise the limit after widening the data column. Nothing was changed.");
    }

    @Override
    public synchronized String regenerate() {
        flushWrites(); // in order: the deferred keys first
        requireReady("regenerate");
        return manager.regenerate(this, token, createdAt);
    }

    @Override
    public synchronized void invalidate() {
        flushWrites(); // in order: the deferred keys first
        requireReady("invalidate");
        manager.invalidate(this, token);
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
        long now = manager.now();
        long newExpires = manager.expiresFor(now, createdAt);
        Outcome outcome;
        try {
            outcome = manager.repository().putAll(token, changes, newExpires, now);
        } catch (RuntimeException e) {
            values = before;
            throw e;
        }
        if (outcome == Outcome.TOO_LARGE) {
            values = before;
            throw tooLarge(changes.keySet(), -1);
        }
        Map<String, String> next = values;
        values = before;
        committed(outcome, next, newExpires);
    }

    @Override
    public synchronized Instant expiresAt() {
        return Instant.ofEpochSecond(expires);
    }

    private static void requireUserKey(String key) {
        if (SessionSettings.CREATED_KEY.equals(Objects.requireNonNull(key, "key"))) {
            throw new IllegalArgumentException("The session key " + key + " is reserved by the library");
        }
        if (SessionData.unpairedSurrogate(key) >= 0) {
            throw new IllegalArgumentException("The session key " + SessionData.quote(key) + " has an unpaired "
                    + "surrogate at index " + SessionData.unpairedSurrogate(key) + "; it is not valid Unicode");
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
