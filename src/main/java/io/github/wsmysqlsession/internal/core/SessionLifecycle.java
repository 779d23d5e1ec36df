package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionEvent;
import io.github.wsmysqlsession.SessionGoneException;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.internal.store.SessionStore;
import io.github.wsmysqlsession.internal.store.StoredSession;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of a session's life: resume or create (an expired session's data never reaches the new
 * one; an invented token is never adopted), rotation, invalidation, each committed to the store and
 * then bound to the connection, its {@link SessionEvent} fired and, for changes the client did not
 * ask for, its new token sent. Called under the connection's lock. Thread-safe.
 */
final class SessionLifecycle {

    private static final System.Logger LOG = System.getLogger(SessionLifecycle.class.getName());

    private final SessionStore store;
    private final Lifetime lifetime;
    private final Tokens tokens;
    private final EventSink events;
    private final Protocol protocol;

    SessionLifecycle(SessionStore store, Lifetime lifetime, Tokens tokens, EventSink events, Protocol protocol) {
        this.store = store;
        this.lifetime = lifetime;
        this.tokens = tokens;
        this.events = events;
        this.protocol = protocol;
    }

    /**
     * Binds the connection to the session of {@code token}, or to a new one.
     *
     * @param token the client's token, {@code ""} for none
     * @return the {@code errors} text for the client
     */
    String resumeOrCreate(ConnectionSession session, String token) {
        if (token.isEmpty()) {
            create(session, SessionEvent.Kind.CREATED, "");
            return "";
        }
        long now = lifetime.now();
        Optional<StoredSession> row = store.find(token);
        if (row.isEmpty()) {
            create(session, SessionEvent.Kind.CREATED, "");
            return Protocol.SESSION_NOT_FOUND;
        }
        if (row.get().expiredAt(now)) {
            store.delete(token); // its data must never reach the new session; the sweeper would delete it too
            create(session, SessionEvent.Kind.EXPIRED, Tokens.prefix(token));
            return Protocol.SESSION_EXPIRED;
        }
        Map<String, String> values = parse(token, row.get().data());
        long createdAt = Lifetime.takeCreatedAt(values);
        if (lifetime.pastAbsolute(createdAt, now)) {
            store.delete(token);
            create(session, SessionEvent.Kind.EXPIRED, Tokens.prefix(token));
            return Protocol.SESSION_EXPIRED;
        }
        long expires = row.get().expires();
        if (lifetime.bounded() && createdAt == 0) {
            // A row made by the Node package or before the limit was set: its lifetime counts from now.
            createdAt = now;
            expires = lifetime.expiresFor(now, createdAt);
            String marker = Long.toString(now);
            if (store.put(token, Map.of(SessionSettings.CREATED_KEY, marker), expires, now)
                    == WriteOutcome.GONE) {
                create(session, SessionEvent.Kind.CREATED, "");
                return Protocol.SESSION_NOT_FOUND;
            }
        }
        long target = lifetime.expiresFor(now, createdAt);
        if (lifetime.touchDue(expires, target)) {
            if (store.touch(token, target, now) == WriteOutcome.GONE) {
                create(session, SessionEvent.Kind.CREATED, "");
                return Protocol.SESSION_NOT_FOUND;
            }
            expires = target;
        }
        session.bind(token, values, expires, createdAt);
        fire(SessionEvent.Kind.RESUMED, session, "");
        return "";
    }

    private static Map<String, String> parse(String token, String data) {
        try {
            return SessionDocument.parse(data);
        } catch (IllegalArgumentException e) {
            throw new SessionStoreException("The stored data of session " + Tokens.forLog(token)
                    + " is not a JSON object; delete the row or fix its data column", e);
        }
    }

    /** Binds the connection to a new, empty session. */
    void create(ConnectionSession session, SessionEvent.Kind kind, String previousPrefix) {
        String token = tokens.next();
        long now = lifetime.now();
        long createdAt = lifetime.createdAtFor(now);
        long expires = lifetime.expiresFor(now, createdAt);
        store.insert(token, expires, Lifetime.initialData(createdAt));
        session.bind(token, new LinkedHashMap<>(), expires, createdAt);
        fire(kind, session, previousPrefix);
    }

    /** Moves the connection's session to a new token, keeping its data and its creation time. */
    String regenerate(ConnectionSession session, String oldToken) {
        String token = tokens.next();
        long now = lifetime.now();
        long createdAt = session.createdAt();
        long expires = lifetime.expiresFor(now, createdAt);
        Optional<String> data = store.rotate(oldToken, token, expires, now);
        if (data.isEmpty()) {
            throw new SessionGoneException("The session " + Tokens.forLog(oldToken) + " no longer exists and "
                    + "cannot be regenerated: it expired, or another connection regenerated or invalidated it");
        }
        Map<String, String> values;
        try {
            values = SessionDocument.parse(data.get());
        } catch (IllegalArgumentException e) {
            values = new LinkedHashMap<>();
        }
        session.bind(token, values, expires, Lifetime.takeCreatedAt(values));
        send(session.socket(), token);
        fire(SessionEvent.Kind.ROTATED, session, Tokens.prefix(oldToken));
        return token;
    }

    /** Deletes the connection's session and binds it to a new, empty one. */
    void invalidate(ConnectionSession session, String oldToken) {
        store.delete(oldToken);
        fire(SessionEvent.Kind.INVALIDATED, session, Tokens.prefix(oldToken));
        create(session, SessionEvent.Kind.CREATED, Tokens.prefix(oldToken));
        send(session.socket(), session.token());
    }

    private void send(Session socket, String token) {
        if (!socket.isOpen()) {
            return;
        }
        try {
            socket.getBasicRemote().sendText(protocol.gotToken(token, ""));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.WARNING, "Could not send the new token to the client: {0}", e.toString());
        }
    }

    void fire(SessionEvent.Kind kind, ConnectionSession session, String previousPrefix) {
        if (!events.observes(kind)) {
            return;
        }
        try {
            events.on(new SessionEvent(kind, session, session.socket(), previousPrefix));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A SessionEvent observer failed on " + kind, e);
        }
    }
}
