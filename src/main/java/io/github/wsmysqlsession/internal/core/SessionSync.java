package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.internal.core.LiveSession.Ending;
import io.github.wsmysqlsession.internal.core.LiveSession.Fresh;
import io.github.wsmysqlsession.internal.store.RowFingerprint;
import io.github.wsmysqlsession.internal.store.SessionStore;
import io.github.wsmysqlsession.internal.store.StoredSession;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this server's live sessions in step with the table, so that a change made anywhere else
 * (another server, the Node package, the sweeper, an operator's SQL) reaches the connections here
 * within one {@code syncInterval} and a query.
 *
 * <p>Every interval it reads, for all sessions with a connection here, each row's expiry and the
 * length and CRC-32 of its data (short rows of numbers, not the data; the store picks range scans or
 * look-ups, see {@code BatchReads}). A row that is gone ends its session here ("Session Ended"), an
 * expired one ends it as expired; a row whose data changed since this server last read it is read
 * whole (one more statement for all of them) and becomes the session's state, unless this server
 * wrote the row meanwhile, in which case it is read again under the session's write lock. A session
 * this server wrote itself is read once after the write, since the database re-spaces what it
 * stores. Thread-safe; one thread.
 */
final class SessionSync implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SessionSync.class.getName());

    private final SessionStore store;
    private final LiveSessions sessions;
    private final SessionLifecycle lifecycle;
    private final Lifetime lifetime;
    private final long intervalMillis;
    private ScheduledExecutorService executor;

    SessionSync(SessionStore store, LiveSessions sessions, SessionLifecycle lifecycle, Duration interval) {
        this.store = store;
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.lifetime = lifecycle.lifetime();
        this.intervalMillis = interval.toMillis();
    }

    synchronized void start() {
        if (intervalMillis == 0 || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "websocket-mysql-session-sync");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::run, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            syncOnce();
        } catch (SessionStoreException e) {
            LOG.log(Level.WARNING, "Could not bring the sessions up to date; will try again: {0}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Bringing the sessions up to date failed; will try again", e);
        }
    }

    /**
     * Brings every live session of this server up to date with the table now.
     *
     * @return how many sessions changed or ended
     */
    int syncOnce() {
        List<LiveSession> all = sessions.all();
        if (all.isEmpty()) {
            return 0;
        }
        long[] marks = new long[all.size()];
        String[] tokens = new String[all.size()];
        for (int i = 0; i < tokens.length; i++) {
            marks[i] = all.get(i).localWrites();
            tokens[i] = all.get(i).token();
        }
        long readAt = lifetime.nowMillis();
        RowFingerprint[] found = store.fingerprints(Arrays.asList(tokens));
        long now = lifetime.now();
        List<Integer> changed = new ArrayList<>();
        int touched = 0;
        for (int i = 0; i < tokens.length; i++) {
            LiveSession l = all.get(i);
            RowFingerprint row = found[i];
            if (!l.alive()) {
                continue;
            }
            if (row == null || row.expires() < now) {
                lifecycle.end(l, row == null && l.state().expires() >= now ? Ending.ENDED : Ending.EXPIRED);
                touched++;
            } else if (!row.sameData(l.known())) {
                changed.add(i);
            } else {
                if (row.expires() != l.state().expires()) {
                    l.offer(l.state().withExpires(row.expires()), row, marks[i]); // another server touched it
                }
                l.checked(readAt);
            }
        }
        for (int from = 0; from < changed.size(); from += SessionStore.BATCH) {
            List<Integer> part = changed.subList(from, Math.min(changed.size(), from + SessionStore.BATCH));
            Map<String, StoredSession> rows = store.findAll(part.stream().map(i -> tokens[i]).toList());
            for (int i : part) {
                if (apply(all.get(i), rows.get(tokens[i]), now, marks[i])) {
                    all.get(i).checked(readAt);
                    touched++;
                }
            }
        }
        return touched;
    }

    private boolean apply(LiveSession l, StoredSession row, long now, long mark) {
        if (row == null || row.expiredAt(now)) {
            lifecycle.end(l, row == null ? Ending.ENDED : Ending.EXPIRED);
            return true;
        }
        Fresh fresh = fresh(row);
        if (fresh == null) {
            return false;
        }
        return l.offer(fresh.state(), fresh.fingerprint(), mark)
                || l.reload(() -> store.find(l.token()).filter(r -> !r.expiredAt(now)).map(SessionSync::fresh)
                        .orElse(null));
    }

    /** @return the row as a state, or {@code null} when its data is not a JSON object (logged; left as it is) */
    private static Fresh fresh(StoredSession row) {
        try {
            return Fresh.of(row);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "The stored data of session {0} is not a JSON object; its connections keep what "
                    + "they read last", Tokens.forLog(row.token()));
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
