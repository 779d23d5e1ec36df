package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionSettings;
import java.time.Clock;
import java.util.Map;

/**
 * A session's lifetime rules: the sliding idle timeout, the absolute timeout counted from the
 * session's creation (kept in {@code data} as {@link SessionSettings#CREATED_KEY}), and when a resume
 * moves the expiry. Times are Unix seconds of the given clock. Thread-safe.
 */
final class Lifetime {

    private final Clock clock;
    private final long idle;
    private final long absolute;
    private final long touchInterval;

    Lifetime(SessionSettings settings, Clock clock) {
        this.clock = clock;
        this.idle = settings.idleTimeout().toSeconds();
        this.absolute = settings.absoluteTimeout().toSeconds();
        this.touchInterval = settings.resumeTouchInterval().toSeconds();
    }

    long now() {
        return clock.millis() / 1000;
    }

    long nowMillis() {
        return clock.millis();
    }

    /** @return whether sessions have an absolute lifetime */
    boolean bounded() {
        return absolute > 0;
    }

    /** @return the creation time to record for a session made now: now when bounded, else 0 */
    long createdAtFor(long now) {
        return bounded() ? now : 0;
    }

    /**
     * @return the expiry of a session written now: the idle timeout from now, but never past the
     *     absolute timeout from its creation
     */
    long expiresFor(long now, long createdAt) {
        long sliding = now + idle;
        return bounded() && createdAt > 0 ? Math.min(sliding, createdAt + absolute) : sliding;
    }

    /** @return whether a session created at {@code createdAt} has outlived the absolute timeout */
    boolean pastAbsolute(long createdAt, long now) {
        return bounded() && createdAt > 0 && createdAt + absolute <= now;
    }

    /** @return whether a resume should move an expiry of {@code expires} to {@code target} */
    boolean touchDue(long expires, long target) {
        return target - expires >= touchInterval;
    }

    /** @return the {@code data} of a new session: empty, or the creation marker */
    /** The creation time of a session whose marker cannot be read: the start of the epoch, long past any limit. */
    static final long UNREADABLE_CREATION = 1;

    static String initialData(long createdAt) {
        return createdAt > 0 ? createdMarker(createdAt) : "{}";
    }

    static String createdMarker(long createdAt) {
        return "{\"" + SessionSettings.CREATED_KEY + "\":" + createdAt + "}";
    }

    /**
     * Removes the creation-time marker from a session's values.
     *
     * @return its time; 0 when there is none; {@link #UNREADABLE_CREATION} when it is not a positive
     *     number (written by hand or by another program), so that an absolute timeout treats the
     *     session as past it rather than count its lifetime from now
     */
    static long takeCreatedAt(Map<String, String> values) {
        String created = values.remove(SessionSettings.CREATED_KEY);
        if (created == null) {
            return 0;
        }
        try {
            long at = Long.parseLong(created);
            return at > 0 ? at : UNREADABLE_CREATION;
        } catch (NumberFormatException e) {
            return UNREADABLE_CREATION;
        }
    }
}
