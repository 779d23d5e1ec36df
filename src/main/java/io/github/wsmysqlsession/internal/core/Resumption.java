package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionEvent;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.internal.core.LiveSession.Ending;
import io.github.wsmysqlsession.internal.protocol.GetTokenRequest;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.internal.store.RowFingerprint;
import io.github.wsmysqlsession.internal.store.SessionStore;
import io.github.wsmysqlsession.internal.store.StoredSession;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;

/**
 * Answers {@code getToken}: resumes the client's session, or makes a new one when it sent no token,
 * a malformed one, or one whose session is missing or expired. An expired session's data never
 * reaches the new session, and an invented token is never adopted. Thread-safe.
 *
 * <p>A session that already has a connection on this server, and that a read (the sync's, or a
 * resume's) found alive within the last {@code syncInterval}, is resumed from this server's copy
 * without reading its row: the copy holds every change committed before that read, and a change
 * after it (another server's log-out or rotation, a deletion) reaches the copy at the next sync, as
 * it reaches the connections already on the session. Anything that needs the row (an expiry that is
 * due to move, a row without the creation time, a write of unknown outcome, an expired copy, a sync
 * that fell behind) reads it, as does every resume when {@code syncInterval} is 0.
 */
final class Resumption {

    private static final System.Logger LOG = System.getLogger(Resumption.class.getName());

    private final SessionStore store;
    private final LiveSessions sessions;
    private final SessionLifecycle lifecycle;
    private final Lifetime lifetime;
    private final Protocol protocol;

    private final CreationRate creations;
    /** How old a live copy's last check may be to answer a resume; 0 when there is no sync. */
    private final long liveMaxAgeMillis;

    Resumption(SessionStore store, LiveSessions sessions, SessionLifecycle lifecycle, CreationRate creations,
            long liveMaxAgeMillis) {
        this.creations = creations;
        this.liveMaxAgeMillis = liveMaxAgeMillis;
        this.store = store;
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.lifetime = lifecycle.lifetime();
        this.protocol = lifecycle.protocol();
    }

    /** @return the {@code gotToken} frame for the request */
    String answer(ConnectionSession c, GetTokenRequest request) {
        Effects fx = new Effects();
        String reply;
        synchronized (c.binding()) {
            try {
                String errors;
                if (request.malformed()) {
                    create(c, SessionEvent.Kind.CREATED, "", fx);
                    errors = request.problem();
                } else {
                    errors = resumeOrCreate(c, request.token(), fx);
                }
                reply = protocol.gotToken(c.token(), errors);
            } catch (TooManyNewSessions e) {
                reply = protocol.gotToken("", Protocol.TOO_MANY_NEW_SESSIONS);
            } catch (SessionStoreException e) {
                LOG.log(Level.WARNING, "getToken failed: {0}", e.getMessage());
                reply = protocol.gotToken("", Protocol.STORE_FAILED);
            }
        }
        fx.run();
        return reply;
    }

    /** @return the {@code errors} text; the connection is on the resumed or the new session */
    private String resumeOrCreate(ConnectionSession c, String token, Effects fx) {
        if (token.isEmpty()) {
            create(c, SessionEvent.Kind.CREATED, "", fx);
            return "";
        }
        String missing = resume(c, token, true, fx);
        if (missing == null) {
            return "";
        }
        create(c, missing.equals(Protocol.SESSION_EXPIRED) ? SessionEvent.Kind.EXPIRED : SessionEvent.Kind.CREATED,
                missing.equals(Protocol.SESSION_EXPIRED) ? Tokens.prefix(token) : "", fx);
        return missing;
    }

    /**
     * Puts a connection (an HTTP request's) on the session of {@code token} when that session exists
     * and is alive, exactly as a resume does; never makes a session: an unknown token leaves the
     * connection without one, and an expired session's row is deleted. Fires no event.
     *
     * @return whether the connection is on the session
     */
    boolean resumeExisting(ConnectionSession c, String token) {
        if (!Protocol.isWellFormedToken(token)) {
            return false;
        }
        Effects fx = new Effects();
        boolean resumed;
        synchronized (c.binding()) {
            resumed = resume(c, token, false, fx) == null;
        }
        fx.run();
        return resumed;
    }

    /**
     * Resumes the session of {@code token} for the connection when it exists and is alive.
     *
     * @param announce whether to fire {@code RESUMED}
     * @return {@code null} when resumed; else {@link Protocol#SESSION_NOT_FOUND} or
     *     {@link Protocol#SESSION_EXPIRED}, the session ended on this server (and an expired row deleted)
     */
    private String resume(ConnectionSession c, String token, boolean announce, Effects fx) {
        if (resumeLive(c, token, announce, fx)) {
            return null;
        }
        long mark = sessions.mark(token);
        long readAt = lifetime.nowMillis();
        long now = lifetime.now();
        Optional<StoredSession> row = store.find(token);
        if (row.isEmpty()) {
            return notFound(c, token, fx);
        }
        if (row.get().expiredAt(now)) {
            return expired(c, token, fx);
        }
        SessionState state;
        try {
            state = SessionState.parse(row.get().data(), row.get().expires());
        } catch (IllegalArgumentException e) {
            throw new SessionStoreException("The stored data of session " + Tokens.forLog(token)
                    + " is not a JSON object; delete the row or fix its data column", e);
        }
        if (lifetime.pastAbsolute(state.createdAt(), now)) {
            return expired(c, token, fx);
        }
        RowFingerprint fingerprint = RowFingerprint.of(row.get());
        if (lifetime.bounded() && state.createdAt() == 0) {
            // A row made by the Node package or before the limit was set: its lifetime counts from now.
            state = new SessionState(state.values(), lifetime.expiresFor(now, now), now);
            if (store.put(token, Map.of(SessionSettings.CREATED_KEY, Long.toString(now)), state.expires(), now)
                    != WriteOutcome.DONE) {
                return notFound(c, token, fx);
            }
            fingerprint = null; // the database re-spaced the document
        }
        long target = lifetime.expiresFor(now, state.createdAt());
        if (lifetime.touchDue(state.expires(), target)) {
            if (store.touch(token, target, now) != WriteOutcome.DONE) {
                return notFound(c, token, fx);
            }
            state = state.withExpires(target);
            fingerprint = fingerprint == null ? null
                    : new RowFingerprint(target, fingerprint.length(), fingerprint.crc());
        }
        LiveSession live = sessions.join(c, token, state, fingerprint, mark);
        live.checked(readAt);
        lifecycle.bind(c, live);
        if (announce) {
            fx.add(() -> lifecycle.fire(SessionEvent.Kind.RESUMED, c, ""));
        }
        return null;
    }

    /**
     * Resumes a session this server holds from its copy, when the copy may answer for the row.
     *
     * @return whether the connection is on the session; false when the row must be read
     */
    private boolean resumeLive(ConnectionSession c, String token, boolean announce, Effects fx) {
        LiveSession live = sessions.get(token);
        if (live == null || !live.checkedWithin(lifetime.nowMillis(), liveMaxAgeMillis)) {
            return false;
        }
        SessionState state = live.state();
        long now = lifetime.now();
        if (state.expires() < now || lifetime.pastAbsolute(state.createdAt(), now)
                || (lifetime.bounded() && state.createdAt() == 0)
                || lifetime.touchDue(state.expires(), lifetime.expiresFor(now, state.createdAt()))
                || !sessions.attach(c, live)) {
            return false;
        }
        lifecycle.bind(c, live);
        if (announce) {
            fx.add(() -> lifecycle.fire(SessionEvent.Kind.RESUMED, c, ""));
        }
        return true;
    }

    private String notFound(ConnectionSession c, String token, Effects fx) {
        endHere(token, Ending.ENDED, fx);
        return Protocol.SESSION_NOT_FOUND;
    }

    private String expired(ConnectionSession c, String token, Effects fx) {
        store.delete(token); // its data must never reach the new session; the sweeper would delete it too
        endHere(token, Ending.EXPIRED, fx);
        return Protocol.SESSION_EXPIRED;
    }

    /** A session this server still holds whose row is gone: ended here too, once the lock is released. */
    private void endHere(String token, Ending why, Effects fx) {
        LiveSession l = sessions.get(token);
        if (l != null) {
            fx.add(() -> lifecycle.end(l, why));
        }
    }

    /** Puts the connection on a new session, and its event in {@code fx}; within the server's creation rate. */
    private void create(ConnectionSession c, SessionEvent.Kind kind, String previousPrefix, Effects fx) {
        if (!creations.admit(lifetime.nowMillis())) {
            throw new TooManyNewSessions();
        }
        lifecycle.create(c);
        fx.add(() -> lifecycle.fire(kind, c, previousPrefix));
    }

    /** This server created {@code newSessionsPerMinute} sessions in the last minute: no row is added. */
    private static final class TooManyNewSessions extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyNewSessions() {
            super(null, null, false, false);
        }
    }
}
