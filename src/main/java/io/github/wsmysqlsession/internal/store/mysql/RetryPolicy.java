package io.github.wsmysqlsession.internal.store.mysql;

import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.SessionUnavailableException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Replays a transaction that the database aborted for a deadlock (1213; on a Galera cluster also a
 * certification conflict between nodes) or a lock wait timeout (1205), or that a Galera node refused
 * because it was not ready (1047). Replaying is correct for every transaction of the store: each one
 * sets values that depend only on its parameters and re-reads the row it changes (a key's new value,
 * an expiry, a delete by key, a rotation that locks the old row again), and an aborted transaction
 * applied nothing. A broken connection leaves the outcome unknown, so then only writes that may run
 * twice are replayed (not the insert of a new session, nor a rotation). Attempts are bounded in
 * number ({@code websocket.session.writeRetries}) and in time (replays start within one query
 * timeout of the first attempt, so that a database that is gone fails the caller in bounded time).
 */
final class RetryPolicy {

    private final int retries;
    private final long budgetNanos;

    RetryPolicy(int retries, Duration budget) {
        this.retries = retries;
        this.budgetNanos = budget.toNanos();
    }

    /**
     * @param idempotent whether running the transaction twice leaves what running it once does
     * @param once one attempt
     * @return what the successful attempt returned
     */
    <T> T run(boolean idempotent, Supplier<T> once) {
        long giveUp = System.nanoTime() + budgetNanos;
        for (int attempt = 1; ; attempt++) {
            try {
                return once.get();
            } catch (SessionStoreException e) {
                int code = StoreErrors.errorCode(e);
                boolean retryable = code == StoreErrors.DEADLOCK || code == StoreErrors.LOCK_WAIT_TIMEOUT
                        || code == StoreErrors.WSREP_NOT_READY || idempotent && StoreErrors.connectionLost(e);
                if (!retryable || attempt > retries || System.nanoTime() - giveUp >= 0) {
                    throw retryable ? exhausted(e, attempt) : e;
                }
                backOff(attempt);
            }
        }
    }

    private SessionStoreException exhausted(SessionStoreException e, int attempts) {
        String message = e.getMessage() + " (after " + attempts + " attempts; websocket.session.writeRetries="
                + retries + ")";
        boolean unknown = e instanceof SessionUnavailableException u && u.outcomeUnknown();
        return new SessionUnavailableException(message, e.getCause(), unknown);
    }

    /** Sleeps 2, 4, 8 ... ms (at most 100), with full jitter so that colliding writers drift apart. */
    private static void backOff(int attempt) {
        long ceiling = Math.min(100, 1L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionUnavailableException("Interrupted while retrying a session write", e, false);
        }
    }
}
