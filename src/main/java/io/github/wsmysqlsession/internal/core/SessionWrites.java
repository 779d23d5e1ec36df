package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.SessionUnavailableException;
import io.github.wsmysqlsession.internal.core.LiveSession.Fresh;
import io.github.wsmysqlsession.internal.core.LiveSession.Written;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.store.Increment;
import io.github.wsmysqlsession.internal.store.KeyRead;
import io.github.wsmysqlsession.internal.store.SessionStore;
import io.github.wsmysqlsession.internal.store.StoredSession;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The writes of a session, each one statement on the row under the session's write lock (see
 * {@link LiveSession#write}), and the state they leave when done. Thread-safe.
 */
final class SessionWrites {

    /** How often an update of one key is tried when other servers keep changing the key first. */
    static final int UPDATE_ATTEMPTS = 50;

    private final SessionStore store;
    private final Lifetime lifetime;
    private final JsonValues json;
    private final int maxDataBytes;

    SessionWrites(SessionStore store, Lifetime lifetime, JsonValues json, int maxDataBytes) {
        this.store = store;
        this.lifetime = lifetime;
        this.json = json;
        this.maxDataBytes = maxDataBytes;
    }

    /**
     * After a write whose outcome is unknown, reads the row again, so that what the connections read
     * and the next write start from is what the database holds.
     *
     * @return whether the row is there (when it is not, the session is gone)
     * @throws SessionStoreException when the row cannot be read
     */
    boolean settle(LiveSession live) {
        if (!live.uncertain()) {
            return true;
        }
        long now = lifetime.now();
        return live.settle(() -> {
            Optional<StoredSession> row = store.find(live.token()).filter(r -> !r.expiredAt(now));
            try {
                return row.map(Fresh::of).orElse(null);
            } catch (IllegalArgumentException e) {
                throw new SessionStoreException("The stored data of session " + Tokens.forLog(live.token())
                        + " is not a JSON object; delete the row or fix its data column", e);
            }
        });
    }

    /** Runs a write under the session's write lock, on the row as it is after an unknown outcome. */
    private <T> Written<T> write(LiveSession live, Function<SessionState, Written<T>> step) {
        if (!settle(live)) {
            return Written.failed(WriteOutcome.GONE);
        }
        return live.write(step);
    }

    int maxDataBytes() {
        return maxDataBytes;
    }

    /** @return whether the values with {@code changes} applied are over the size limit, counted compact */
    boolean tooLarge(Map<String, String> values, Map<String, String> changes) {
        Map<String, String> next = new LinkedHashMap<>(values);
        next.putAll(changes);
        return SessionDocument.renderedLength(next) > maxDataBytes;
    }

    /** Sets keys (JSON text by key) in one statement. */
    Written<Void> put(LiveSession live, Map<String, String> changes) {
        return write(live, state -> {
            if (tooLarge(state.values(), changes)) {
                return Written.failed(WriteOutcome.TOO_LARGE);
            }
            long now = lifetime.now();
            long expires = lifetime.expiresFor(now, state.createdAt());
            WriteOutcome outcome = store.put(live.token(), changes, expires, now);
            if (outcome != WriteOutcome.DONE) {
                return Written.failed(outcome);
            }
            Map<String, String> next = state.copy();
            next.putAll(changes);
            return Written.done(state.with(next, expires), null);
        });
    }

    Written<Void> remove(LiveSession live, String key) {
        return write(live, state -> {
            long now = lifetime.now();
            long expires = lifetime.expiresFor(now, state.createdAt());
            WriteOutcome outcome = store.remove(live.token(), key, expires, now);
            if (outcome != WriteOutcome.DONE) {
                return Written.failed(outcome);
            }
            Map<String, String> next = state.copy();
            next.remove(key);
            return Written.done(state.with(next, expires), null);
        });
    }

    Written<Void> clear(LiveSession live) {
        return write(live, state -> {
            long now = lifetime.now();
            long expires = lifetime.expiresFor(now, state.createdAt());
            WriteOutcome outcome = store.replace(live.token(), Lifetime.initialData(state.createdAt()), expires, now);
            return outcome == WriteOutcome.DONE ? Written.done(state.with(Map.of(), expires), null)
                    : Written.failed(outcome);
        });
    }

    /** Adds to an integer key in one statement that returns the new value. */
    Written<Long> increment(LiveSession live, String key, long delta) {
        return write(live, state -> {
            long now = lifetime.now();
            long expires = lifetime.expiresFor(now, state.createdAt());
            Increment done = store.increment(live.token(), key, delta, expires, now);
            if (done.outcome() != WriteOutcome.DONE) {
                return Written.failed(done.outcome());
            }
            Map<String, String> next = state.copy();
            next.put(key, Long.toString(done.value()));
            return Written.done(state.with(next, expires), done.value());
        });
    }

    /**
     * Changes one key from its value in the database: reads it, applies {@code change}, and writes the
     * result only if the key still holds what was read (compare-and-set); when another server changed
     * it first, reads again. {@code change} may run several times.
     */
    <T> Written<T> update(LiveSession live, String key, Type type, UnaryOperator<T> change) {
        return write(live, state -> {
            for (int attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
                long now = lifetime.now();
                Optional<KeyRead> current = store.read(live.token(), key, now);
                if (current.isEmpty()) {
                    return Written.failed(WriteOutcome.GONE);
                }
                String read = current.get().json();
                T value = read == null || read.equals("null") ? null : json.<T>fromJson(key, read, type);
                T next = change.apply(value);
                String text = json.toJson(key, next);
                if (tooLarge(state.values(), Map.of(key, text))) {
                    return Written.failed(WriteOutcome.TOO_LARGE);
                }
                long expires = lifetime.expiresFor(now, state.createdAt());
                WriteOutcome outcome = store.compareAndSet(live.token(), key, current.get().expected(), text, expires, now);
                if (outcome == WriteOutcome.DONE) {
                    Map<String, String> values = state.copy();
                    values.put(key, text);
                    return Written.done(state.with(values, expires), next);
                }
                if (outcome != WriteOutcome.CONFLICT) {
                    return Written.failed(outcome);
                }
                backOff(attempt);
            }
            throw new SessionUnavailableException("Could not update session key " + key + ": other connections changed "
                    + "it first " + UPDATE_ATTEMPTS + " times in a row; try again", null, false);
        });
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(50, 1L << Math.min(attempt, 6)) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionUnavailableException("Interrupted while updating a session key", e, false);
        }
    }
}
