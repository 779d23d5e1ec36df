package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionUnavailableException;
import io.github.wsmysqlsession.internal.store.RowFingerprint;
import io.github.wsmysqlsession.internal.store.StoredSession;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One session as this server holds it, shared by all of the server's connections on its token: what
 * one connection commits, the others read at once, and when it ends it ends for all of them.
 *
 * <p>Reads take the current {@link SessionState} without a lock. This server's writes to the row run
 * one at a time under the write lock (the database's row lock orders them anyway), so the state
 * always follows the order of the commits; {@link SessionSync} brings in other servers' changes,
 * which it offers only when no write of this server's came between its read and now.
 */
final class LiveSession {

    /** Why a session ended. */
    enum Ending {
        /** Logged out, rotated or deleted, by another connection, another server, or by hand. */
        ENDED,
        /** Its idle or absolute timeout passed. */
        EXPIRED
    }

    /**
     * What one write did.
     *
     * @param outcome the store's outcome
     * @param next the state after it, when done
     * @param value what the write returns to its caller (an increment's new value, an update's value)
     */
    record Written<T>(WriteOutcome outcome, SessionState next, T value) {

        static <T> Written<T> done(SessionState next, T value) {
            return new Written<>(WriteOutcome.DONE, next, value);
        }

        static <T> Written<T> failed(WriteOutcome outcome) {
            return new Written<>(outcome, null, null);
        }
    }

    private final String token;
    private final ReentrantLock writes = new ReentrantLock();
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private final Set<ConnectionSession> connections = ConcurrentHashMap.newKeySet();
    private volatile SessionState state;
    /** Counts this server's writes, so that a read of the row that began before one is not applied after it. */
    private volatile long localWrites;
    /** The row's fingerprint as this server last read it; {@code null} once this server wrote it since. */
    private volatile RowFingerprint known;
    /** Whether a write's outcome is unknown: the state may not be what the row holds until {@link #settle}. */
    private volatile boolean uncertain;
    /** When (clock millis) a read that began then last found the row alive; 0 when never. */
    private volatile long checkedAt;

    LiveSession(String token, SessionState state, RowFingerprint known) {
        this.token = token;
        this.state = state;
        this.known = known;
    }

    String token() {
        return token;
    }

    SessionState state() {
        return state;
    }

    boolean alive() {
        return ending.get() == null;
    }

    Ending ending() {
        return ending.get();
    }

    /** @return the connections of this server on the session; managed by {@link LiveSessions} */
    Set<ConnectionSession> connections() {
        return connections;
    }

    long localWrites() {
        return localWrites;
    }

    RowFingerprint known() {
        return known;
    }

    /**
     * Runs one write of this server's under the write lock, on the current state. A write to an
     * ended session does nothing and is {@link WriteOutcome#GONE}.
     *
     * @param step the store's write, given the current state; returns the state after it when done
     * @return what the step returned
     */
    <T> Written<T> write(Function<SessionState, Written<T>> step) {
        writes.lock();
        try {
            if (!alive()) {
                return Written.failed(WriteOutcome.GONE);
            }
            Written<T> w;
            try {
                w = step.apply(state);
            } catch (SessionUnavailableException e) {
                if (e.outcomeUnknown()) {
                    markUncertain();
                }
                throw e;
            }
            if (w.outcome() == WriteOutcome.DONE) {
                state = w.next();
                known = null;
                localWrites++;
            }
            return w;
        } finally {
            writes.unlock();
        }
    }

    /**
     * The row was found alive by a read that began at {@code millis} (a resume's, or the sync's): every
     * change committed before then is in this copy, or has ended it.
     */
    void checked(long millis) {
        if (millis > checkedAt) {
            checkedAt = millis; // a lost race leaves an older time: it only sends a resume to the table
        }
    }

    /**
     * @param nowMillis the clock now
     * @param maxAgeMillis how old the last check may be; 0 never trusts the copy
     * @return whether this copy may answer a resume without reading the row: alive, no write of
     *     unknown outcome, and checked against the table within {@code maxAgeMillis}
     */
    boolean checkedWithin(long nowMillis, long maxAgeMillis) {
        return maxAgeMillis > 0 && alive() && !uncertain && nowMillis - checkedAt <= maxAgeMillis;
    }

    /** @return whether a write's outcome is unknown, so that the state must be read again before use */
    boolean uncertain() {
        return uncertain;
    }

    /**
     * A write of this server's may or may not have been applied (its connection broke, or it was cut
     * off at the query timeout): the state is read again before the next read or write.
     */
    void markUncertain() {
        writes.lock();
        try {
            uncertain = true;
            known = null;
            localWrites++; // a read of the row that began before is not taken either
        } finally {
            writes.unlock();
        }
    }

    /**
     * Reads the row again after a write whose outcome is unknown, under the write lock.
     *
     * @param read reads the row; returns {@code null} when it is gone; may throw while the database
     *     cannot be reached (the state stays uncertain)
     * @return whether the row is there (and the session alive); the state is what it holds
     */
    boolean settle(Supplier<Fresh> read) {
        return !uncertain || reload(read);
    }

    /**
     * Takes a state read from the table, unless the session ended or this server wrote it after
     * {@code mark} (its own write is newer than the read).
     *
     * @param fresh the state read
     * @param fingerprint the row's fingerprint as read
     * @param mark {@link #localWrites()} before the read began
     * @return whether it was taken
     */
    boolean offer(SessionState fresh, RowFingerprint fingerprint, long mark) {
        writes.lock();
        try {
            if (!alive() || localWrites != mark) {
                return false;
            }
            state = fresh;
            known = fingerprint;
            uncertain = false;
            return true;
        } finally {
            writes.unlock();
        }
    }

    /**
     * Reads the row under the write lock, so that no write of this server's can come between the read
     * and taking it (for a session this server writes all the time, where {@link #offer} keeps losing).
     *
     * @param read reads the row; returns {@code null} when it is gone
     * @return whether a state was taken
     */
    boolean reload(Supplier<Fresh> read) {
        writes.lock();
        try {
            Fresh fresh = alive() ? read.get() : null;
            if (fresh == null) {
                return false;
            }
            state = fresh.state();
            known = fresh.fingerprint();
            uncertain = false;
            return true;
        } finally {
            writes.unlock();
        }
    }

    /**
     * A state read from the table.
     *
     * @param state what the row holds
     * @param fingerprint the row's fingerprint
     */
    record Fresh(SessionState state, RowFingerprint fingerprint) {

        /**
         * @param row a live row
         * @return it as a state
         * @throws IllegalArgumentException when its data is not a JSON object
         */
        static Fresh of(StoredSession row) {
            return new Fresh(SessionState.parse(row.data(), row.expires()), RowFingerprint.of(row));
        }
    }

    /**
     * Marks the session ended; from now on its connections read nothing and write nothing.
     *
     * @param why why
     * @return whether this call ended it (false when it had ended already)
     */
    boolean end(Ending why) {
        return ending.compareAndSet(null, why);
    }
}
