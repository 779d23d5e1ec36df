package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionGoneException;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionTooLargeException;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.core.LiveSession.Written;
import io.github.wsmysqlsession.internal.json.JsonText;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
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
import java.util.function.UnaryOperator;

/**
 * The session of one connection (kept in a WebSocket's user properties, or by its socket.io socket): the {@link LiveSession}
 * it is on (shared with this server's other connections of the token), and the writes its message
 * handler deferred. Reads come from the live session's current state; writes go through
 * {@link SessionWrites}; the changes of its life (getToken, rotation, log-out, its end elsewhere) go
 * through {@link SessionLifecycle}, which rebinds it under {@link #binding()}. Thread-safe.
 */
final class ConnectionSession implements SocketSession {

    private final Connection socket;
    private final SessionLifecycle lifecycle;
    private final SessionWrites writes;
    private final JsonValues json;
    private final Pusher pusher;
    private final FloodGate gate = new FloodGate();
    private final Object binding = new Object();
    private volatile LiveSession live;
    private volatile boolean closed;
    /** The handler's thread while its writes are deferred, else null; the next two belong to it. */
    private volatile Thread deferring;
    private LiveSession deferredOn;
    private Map<String, String> pending;

    ConnectionSession(Connection socket, SessionLifecycle lifecycle, SessionWrites writes, JsonValues json, Pusher pusher) {
        this.socket = socket;
        this.lifecycle = lifecycle;
        this.writes = writes;
        this.json = json;
        this.pusher = pusher;
    }

    Connection connection() {
        return socket;
    }

    Pusher pusher() {
        return pusher;
    }

    FloodGate gate() {
        return gate;
    }

    /** @return the lock under which {@link SessionLifecycle} rebinds this connection */
    Object binding() {
        return binding;
    }

    LiveSession live() {
        return live;
    }

    void bind(LiveSession session) {
        live = session;
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /**
     * @return the live session, when it has not ended; after a write whose outcome is unknown, as the
     *     row holds it now (a row found gone ends the session)
     */
    private LiveSession current() {
        LiveSession l = live;
        if (l == null || !l.alive()) {
            return null;
        }
        if (!writes.settle(l)) {
            lifecycle.lost(l);
            return null;
        }
        return l.alive() ? l : null;
    }

    @Override
    public String token() {
        LiveSession l = current();
        return l == null ? "" : l.token();
    }

    @Override
    public boolean isReady() {
        return current() != null;
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

    private String jsonOf(String key) {
        Objects.requireNonNull(key, "key");
        LiveSession l = current();
        if (l == null) {
            return null;
        }
        Map<String, String> mine = myPending(l);
        return mine != null && mine.containsKey(key) ? mine.get(key) : l.state().values().get(key);
    }

    /** @return the deferred writes, when read from the handler's own thread on the session they were made on */
    private Map<String, String> myPending(LiveSession l) {
        return deferring == Thread.currentThread() && deferredOn == l ? pending : null;
    }

    @Override
    public Set<String> keys() {
        LiveSession l = current();
        if (l == null) {
            return Set.of();
        }
        Set<String> keys = new LinkedHashSet<>(l.state().values().keySet());
        Map<String, String> mine = myPending(l);
        if (mine != null) {
            keys.addAll(mine.keySet());
        }
        return Collections.unmodifiableSet(keys);
    }

    @Override
    public Instant expiresAt() {
        LiveSession l = current();
        return Instant.ofEpochSecond(l == null ? 0 : l.state().expires());
    }

    @Override
    public void set(String key, Object value) {
        requireUserKey(key);
        String text = json.toJson(key, value);
        LiveSession l = requireReady("set");
        Map<String, String> mine = myPending(l);
        if (mine != null) {
            Map<String, String> changes = new LinkedHashMap<>(mine);
            changes.put(key, text);
            if (writes.tooLarge(l.state().values(), changes)) {
                throw tooLarge(List.of(key));
            }
            mine.put(key, text);
            return;
        }
        check(l, writes.put(l, Map.of(key, text)), List.of(key));
    }

    @Override
    public void remove(String key) {
        requireUserKey(key);
        flushWrites(); // in order: the deferred keys first
        LiveSession l = requireReady("remove");
        check(l, writes.remove(l, key), List.of(key));
    }

    @Override
    public void clear() {
        flushWrites();
        LiveSession l = requireReady("clear");
        check(l, writes.clear(l), List.of());
    }

    @Override
    public long increment(String key, long delta) {
        requireUserKey(key);
        flushWrites();
        LiveSession l = requireReady("increment");
        return check(l, writes.increment(l, key, delta), List.of(key));
    }

    @Override
    public <T> T update(String key, Class<T> type, UnaryOperator<T> change) {
        return update(key, (Type) type, change);
    }

    @Override
    public <T> T update(String key, Type type, UnaryOperator<T> change) {
        requireUserKey(key);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(change, "change");
        flushWrites();
        LiveSession l = requireReady("update");
        return check(l, writes.update(l, key, type, change), List.of(key));
    }

    @Override
    public String regenerate() {
        flushWrites();
        requireReady("regenerate");
        return lifecycle.regenerate(this);
    }

    @Override
    public void invalidate() {
        flushWrites();
        requireReady("invalidate");
        lifecycle.invalidate(this);
    }

    /** @return the write's value when done; else ends the session (gone) or throws what the outcome calls for */
    private <T> T check(LiveSession l, Written<T> w, Collection<String> keys) {
        switch (w.outcome()) {
            case DONE -> {
                return w.value();
            }
            case GONE -> {
                lifecycle.lost(l);
                throw gone(l);
            }
            case TOO_LARGE -> throw tooLarge(keys);
            case NOT_AN_INTEGER -> throw new IllegalStateException("The session key " + JsonText.quote(keys.iterator()
                    .next()) + " holds a value that is not an integer; increment needs an integer or no value. "
                    + "Nothing was changed.");
            default -> throw new IllegalStateException("Unexpected write outcome " + w.outcome());
        }
    }

    private SessionTooLargeException tooLarge(Collection<String> keys) {
        StringJoiner names = new StringJoiner(", ");
        keys.forEach(k -> names.add(JsonText.quote(k)));
        String what = keys.isEmpty() ? "Writing the session" : "Setting session key" + (keys.size() > 1 ? "s " : " ")
                + names;
        return new SessionTooLargeException(what + " would make the stored data larger than the limit of "
                + writes.maxDataBytes() + " bytes (websocket.session.maxDataBytes); store less, or raise the limit "
                + "after widening the data column. Nothing was changed.");
    }

    /**
     * Defers the {@code set} calls this thread makes until {@link #flushWrites()}: they change what
     * this thread reads at once and are written together, in one statement, when the message handler
     * returns. Other threads' writes go to the database at once. Called by the endpoint before the
     * handler when the application opted in.
     */
    void deferWrites() {
        LiveSession l = current();
        if (l != null) {
            deferredOn = l;
            pending = new LinkedHashMap<>();
            deferring = Thread.currentThread();
        }
    }

    /**
     * Writes this thread's deferred keys in one {@code UPDATE} and ends deferring. On failure nothing
     * is written and the failure is thrown (to the endpoint's error handling).
     */
    void flushWrites() {
        if (deferring != Thread.currentThread()) {
            return;
        }
        Map<String, String> changes = pending;
        LiveSession on = deferredOn;
        deferring = null;
        pending = null;
        deferredOn = null;
        if (changes.isEmpty()) {
            return;
        }
        // the session may have ended while the handler ran: its writes must not reach the next one
        check(on, live == on ? writes.put(on, changes) : Written.failed(WriteOutcome.GONE), changes.keySet());
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

    private LiveSession requireReady(String operation) {
        LiveSession l = live;
        if (l == null && socket.request()) {
            throw new IllegalStateException("Cannot " + operation + ": this HTTP request has no session any more "
                    + "(it was logged out, or the request is over; use RequestSessions.of on the request's thread "
                    + "while it runs)");
        }
        if (l == null) {
            throw new IllegalStateException("Cannot " + operation + " before the client has sent getToken: "
                    + "this connection has no session yet (check SocketSession.isReady())");
        }
        if (!l.alive()) {
            throw gone(l);
        }
        return l;
    }

    private static SessionGoneException gone(LiveSession l) {
        return new SessionGoneException("The session " + Tokens.forLog(l.token()) + " no longer exists: it "
                + "expired, or another connection or server ended it (log-out, rotation, deletion). The "
                + "connection was given a new session; nothing was written.");
    }

    @Override
    public String toString() {
        LiveSession l = current();
        return "SocketSession[" + Tokens.forLog(l == null ? "" : l.token()) + ", "
                + (l == null ? 0 : l.state().values().size()) + " keys]";
    }
}
