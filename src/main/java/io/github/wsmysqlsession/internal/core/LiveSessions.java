package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.internal.store.RowFingerprint;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This server's live sessions by token, each with the connections on it. A session is here while it
 * has a connection and has not ended. Thread-safe.
 */
final class LiveSessions {

    private final ConcurrentHashMap<String, LiveSession> byToken = new ConcurrentHashMap<>();

    /** @return the token's live session on this server, or {@code null} */
    LiveSession get(String token) {
        return byToken.get(token);
    }

    /** @return {@link LiveSession#localWrites()} of the token's live session, or -1 when there is none */
    long mark(String token) {
        LiveSession l = byToken.get(token);
        return l == null ? -1 : l.localWrites();
    }

    /**
     * Puts a connection on the session of {@code token}: the one this server already holds, brought up
     * to date with {@code fresh} unless this server wrote it after {@code mark}, or a new one.
     *
     * @param fresh the state as just read from (or written to) the table
     * @param fingerprint the row's fingerprint as read, or {@code null} when unknown
     * @param mark {@link #mark(String)} before the read began
     * @return the session the connection is now on
     */
    LiveSession join(ConnectionSession connection, String token, SessionState fresh, RowFingerprint fingerprint,
            long mark) {
        LiveSession[] made = new LiveSession[1];
        LiveSession live = byToken.compute(token, (t, old) -> {
            LiveSession target = old != null && old.alive() ? old : (made[0] = new LiveSession(t, fresh, fingerprint));
            target.connections().add(connection);
            return target;
        });
        if (made[0] == null) {
            live.offer(fresh, fingerprint, mark);
        }
        return live;
    }

    /**
     * Puts a connection on a session this server holds, without reading the row.
     *
     * @return whether it is on it; false when the session ended or was forgotten meanwhile
     */
    boolean attach(ConnectionSession connection, LiveSession live) {
        boolean[] attached = new boolean[1];
        byToken.computeIfPresent(live.token(), (t, current) -> {
            if (current == live && live.alive()) {
                live.connections().add(connection);
                attached[0] = true;
            }
            return current;
        });
        return attached[0];
    }

    /** Takes a connection off a session; a session without connections is forgotten. */
    void leave(ConnectionSession connection, LiveSession live) {
        byToken.computeIfPresent(live.token(), (t, current) -> {
            live.connections().remove(connection);
            return current == live && live.connections().isEmpty() ? null : current;
        });
        live.connections().remove(connection); // when it was forgotten already
    }

    /** Forgets an ended session. */
    void forget(LiveSession live) {
        byToken.remove(live.token(), live);
    }

    /** @return the live sessions, a copy */
    List<LiveSession> all() {
        return List.copyOf(byToken.values());
    }

    /** @return how many sessions have a connection on this server */
    int size() {
        return byToken.size();
    }
}
