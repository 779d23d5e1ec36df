package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.store.SessionStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Deletes expired rows on a schedule, in small batches (see
 * {@link SessionStore#deleteExpired(long, int)}). Several servers may sweep one table; the
 * first run starts at a random point of the interval so that they rarely sweep at once.
 */
final class SessionSweeper implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SessionSweeper.class.getName());
    /** Bounds one run, so that a huge backlog is worked off over several runs. */
    private static final int MAX_BATCHES_PER_RUN = 100;

    private final SessionStore store;
    private final SessionSettings settings;
    private final Clock clock;
    private ScheduledExecutorService executor;

    SessionSweeper(SessionStore store, SessionSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    synchronized void start() {
        long interval = settings.sweepInterval().toMillis();
        if (interval == 0 || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "websocket-mysql-session-sweeper");
            t.setDaemon(true);
            return t;
        });
        long initial = ThreadLocalRandom.current().nextLong(interval);
        executor.scheduleWithFixedDelay(this::run, initial, interval, TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            int deleted = sweepOnce();
            if (deleted > 0) {
                LOG.log(Level.DEBUG, "Deleted {0} expired sessions", deleted);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sweeping expired sessions failed; will try again: {0}", e.getMessage());
        }
    }

    int sweepOnce() {
        int total = 0;
        int batch = settings.sweepBatchSize();
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            int n = store.deleteExpired(clock.millis() / 1000, batch);
            total += n;
            if (n < batch) {
                break;
            }
        }
        return total;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
