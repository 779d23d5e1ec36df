package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionEvent;
import io.github.wsmysqlsession.SessionGoneException;
import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.SessionUnavailableException;
import io.github.wsmysqlsession.internal.core.LiveSession.Ending;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.internal.store.RowFingerprint;
import io.github.wsmysqlsession.internal.store.SessionStore;
import io.github.wsmysqlsession.internal.store.StoredSession;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The changes of a connection's session: a new session, rotation, log-out, and the end of a session
 * on all of this server's connections of it. Each is committed to the store first, then the
 * connection is bound to its {@link LiveSession} under its {@link ConnectionSession#binding() lock},
 * and then, with no lock held ({@link Effects}), its client is sent its new token, the
 * {@link SessionEvent} is fired, and the server's other connections of an ended session are each
 * given a new, empty session of their own (never the rotated token) and told why. Thread-safe.
 */
final class SessionLifecycle {

    private static final System.Logger LOG = System.getLogger(SessionLifecycle.class.getName());

    private final SessionStore store;
    private final Lifetime lifetime;
    private final Tokens tokens;
    private final EventSink events;
    private final Protocol protocol;
    private final LiveSessions sessions;

    SessionLifecycle(SessionStore store, Lifetime lifetime, Tokens tokens, EventSink events, Protocol protocol,
            LiveSessions sessions) {
        this.store = store;
        this.lifetime = lifetime;
        this.tokens = tokens;
        this.events = events;
        this.protocol = protocol;
        this.sessions = sessions;
    }

    Lifetime lifetime() {
        return lifetime;
    }

    Protocol protocol() {
        return protocol;
    }

    /** Binds a connection to a new, empty session; the caller fires its event. */
    void create(ConnectionSession c) {
        String token = tokens.next();
        long now = lifetime.now();
        long createdAt = lifetime.createdAtFor(now);
        long expires = lifetime.expiresFor(now, createdAt);
        String data = Lifetime.initialData(createdAt);
        long at = lifetime.nowMillis();
        store.insert(token, expires, data);
        RowFingerprint written = RowFingerprint.of(new StoredSession(token, expires, data));
        LiveSession live = sessions.join(c, token, SessionState.empty(expires, createdAt), written, -1);
        live.checked(at);
        bind(c, live);
    }

    /** Puts a connection on a session, taking it off the one it was on. Under its binding lock. */
    void bind(ConnectionSession c, LiveSession session) {
        LiveSession old = c.live();
        c.bind(session);
        if (old != null && old != session) {
            sessions.leave(c, old);
        }
    }

    /** Forgets a closed connection. */
    void close(ConnectionSession c) {
        synchronized (c.binding()) {
            c.markClosed();
            LiveSession l = c.live();
            if (l != null) {
                sessions.leave(c, l);
            }
            c.bind(null);
        }
    }

    /** {@code SocketSession.regenerate()}: a new token for the same data, the old one dead everywhere. */
    String regenerate(ConnectionSession c) {
        Effects fx = new Effects();
        String token;
        LiveSession old;
        synchronized (c.binding()) {
            old = requireAlive(c);
            token = tokens.next();
            long now = lifetime.now();
            long expires = lifetime.expiresFor(now, old.state().createdAt());
            Optional<String> data;
            try {
                data = store.rotate(old.token(), token, expires, now);
            } catch (SessionUnavailableException e) {
                if (e.outcomeUnknown()) {
                    old.markUncertain(); // the old row may be deleted: read again before it is used
                }
                throw e;
            }
            if (data.isPresent()) {
                SessionState state;
                try {
                    state = SessionState.parse(data.get(), expires);
                } catch (IllegalArgumentException e) {
                    state = SessionState.empty(expires, old.state().createdAt());
                }
                RowFingerprint written = RowFingerprint.of(new StoredSession(token, expires, data.get()));
                bind(c, sessions.join(c, token, state, written, -1));
                String frame = protocol.gotToken(token, "");
                fx.add(() -> c.pusher().sendNow(frame));
                fx.add(() -> fire(SessionEvent.Kind.ROTATED, c, Tokens.prefix(old.token())));
            }
            fx.add(() -> end(old, Ending.ENDED)); // also when the row was gone: this connection gets a new session too
            if (data.isEmpty()) {
                token = null;
            }
        }
        fx.run();
        if (token == null) {
            throw new SessionGoneException("The session " + Tokens.forLog(old.token()) + " no longer exists and "
                    + "cannot be regenerated: it expired, or another connection or server ended it");
        }
        return token;
    }

    /** {@code SocketSession.invalidate()}: the session deleted everywhere, a new empty one for this connection. */
    void invalidate(ConnectionSession c) {
        Effects fx = new Effects();
        SessionStoreException failure = null;
        synchronized (c.binding()) {
            LiveSession old = requireAlive(c);
            try {
                store.delete(old.token());
            } catch (SessionUnavailableException e) {
                if (e.outcomeUnknown()) {
                    old.markUncertain(); // the row may be deleted: read again before it is used
                }
                throw e; // otherwise nothing changed
            }
            if (c.connection().request()) {
                // a request never gets a session made for it: it is left without one
                sessions.leave(c, old);
                c.bind(null);
                fx.add(() -> fire(SessionEvent.Kind.INVALIDATED, c, Tokens.prefix(old.token())));
            } else {
                failure = createAfterLogOut(c, old, fx);
            }
            fx.add(() -> end(old, Ending.ENDED));
        }
        fx.run();
        if (failure != null) {
            throw failure;
        }
    }

    /** @return the failure to make the new session, or {@code null} */
    private SessionStoreException createAfterLogOut(ConnectionSession c, LiveSession old, Effects fx) {
        try {
            create(c);
            String frame = protocol.gotToken(c.token(), "");
            fx.add(() -> c.pusher().sendNow(frame));
            fx.add(() -> fire(SessionEvent.Kind.INVALIDATED, c, Tokens.prefix(old.token())));
            return null;
        } catch (SessionStoreException e) {
            return e; // still on the deleted session: ending it tries again, or leaves it without one
        }
    }

    private static LiveSession requireAlive(ConnectionSession c) {
        LiveSession l = c.live();
        if (l == null || !l.alive()) {
            throw new SessionGoneException("The session no longer exists: it expired, or another connection or "
                    + "server ended it");
        }
        return l;
    }

    /** A write found the session's row gone: ends it on this server, expired or ended by someone else. */
    void lost(LiveSession l) {
        end(l, l.state().expires() < lifetime.now() ? Ending.EXPIRED : Ending.ENDED);
    }

    /**
     * Ends a session on all of this server's connections: from now on they read and write nothing of
     * it; each is given a new, empty session and sent its token with the reason in {@code errors}.
     * Does nothing when the session has ended already.
     */
    void end(LiveSession l, Ending why) {
        if (!l.end(why)) {
            return;
        }
        sessions.forget(l);
        for (ConnectionSession c : l.connections()) {
            rebind(c, l, why);
        }
    }

    private void rebind(ConnectionSession c, LiveSession ended, Ending why) {
        Effects fx = new Effects();
        synchronized (c.binding()) {
            if (c.closed() || c.live() != ended) {
                return; // it moved on, or it is the connection that ended the session
            }
            if (c.connection().request()) {
                sessions.leave(c, ended); // a request is left without a session, never given a new one
                c.bind(null);
                return;
            }
            try {
                create(c);
                String frame = protocol.gotToken(c.token(), why == Ending.EXPIRED ? Protocol.SESSION_EXPIRED
                        : Protocol.SESSION_ENDED);
                fx.add(() -> c.pusher().sendLater(frame));
                SessionEvent.Kind kind = why == Ending.EXPIRED ? SessionEvent.Kind.EXPIRED : SessionEvent.Kind.ENDED;
                fx.add(() -> fire(kind, c, Tokens.prefix(ended.token())));
            } catch (SessionStoreException | IllegalStateException e) {
                LOG.log(Level.WARNING, "Could not give a connection a new session after its session ended: {0}",
                        e.getMessage());
                sessions.leave(c, ended);
                c.bind(null);
                String frame = protocol.gotToken("", Protocol.STORE_FAILED);
                fx.add(() -> c.pusher().sendLater(frame));
            }
        }
        fx.run();
    }

    void fire(SessionEvent.Kind kind, ConnectionSession session, String previousPrefix) {
        // an HTTP request has neither socket nor socket.io socket for the event: its changes fire none
        // (the connections a log-out or rotation ends get their ENDED events)
        if (session.connection().request() || !events.observes(kind)) {
            return;
        }
        try {
            events.on(new SessionEvent(kind, session, session.connection().webSocket(), session.connection().socketIo(),
                    previousPrefix));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A SessionEvent observer failed on " + kind, e);
        }
    }
}
