package io.github.wsmysqlsession.internal.store.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Bounds the statements the repository runs over JDBC by the query timeout, without a timer task per
 * statement.
 *
 * <p>{@code Statement.setQueryTimeout} makes mysql-connector-j schedule (and cancel, and purge) a
 * {@code java.util.Timer} task for every statement, under one lock: measured here that adds 35-75 us to
 * a write of about 300 us (docs/benchmarks.md). Here a running statement only registers its deadline in
 * a concurrent set, which one thread scans a few times a second. A statement past its deadline is
 * cancelled ({@code KILL QUERY}, sent by the driver on a connection of its own); one that is still
 * blocked a further timeout later (the database or the network is gone, so the kill could not get
 * through) has its connection aborted, which closes the socket and fails the blocked call. Either way
 * the caller gets an {@link SQLTimeoutException}.
 *
 * <p>A cancel reaches only the statement it was meant for. The driver's {@code cancel()} checks that
 * the statement runs, then opens a connection and sends {@code KILL QUERY <connection id>}, which
 * names the connection, not the statement: had the statement finished meanwhile and its connection
 * gone back to the pool, the kill would stop whatever runs there next. So a cancel (and an abort)
 * starts only while the watch is open, and the statement's caller, in {@link Watch#close() close},
 * waits until a cancel under way has been answered before it gives the connection back; a kill that
 * arrives after the statement finished finds the connection idle, and the server forgets it when the
 * next statement starts. An abort is waited for too, until the driver has closed the connection, so
 * that neither a late kill nor the close itself reaches the next statement; once it is closed, the
 * caller does not wait for a cancel that a stalled network holds up, and tells the pool to drop the
 * connection (see {@link JdbcStatements}).
 *
 * <p>Threads start on first use and stop at {@link #close()}. Thread-safe.
 */
final class StatementWatchdog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatementWatchdog.class.getName());

    private final long timeoutNanos;
    private final long tickMillis;
    private final Set<Watch> running = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService ticker;
    private ExecutorService stoppers;
    private boolean closed;

    /** @param timeout how long a statement may run; positive */
    StatementWatchdog(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.tickMillis = Math.max(10, Math.min(100, timeout.toMillis() / 10));
    }

    /** A statement's deadline; close it when the statement returned. */
    final class Watch implements AutoCloseable {
        private final Connection connection;
        private final Statement statement;
        private final long deadline;
        /** 0 running, 1 cancelled, 2 connection aborted; written by the ticker only. */
        private volatile int stage;
        /** Whether the statement returned; guarded by this watch. */
        private boolean closed;
        /** Whether a cancel is under way; guarded by this watch. */
        private boolean cancelling;
        /** Whether the driver is closing the aborted connection; guarded by this watch. */
        private boolean aborting;
        /** Whether the driver closed the aborted connection; guarded by this watch. */
        private boolean aborted;

        private Watch(Connection connection, Statement statement, long deadline) {
            this.connection = connection;
            this.statement = statement;
            this.deadline = deadline;
        }

        /**
         * @param failure what the statement threw
         * @return the failure as a timeout when the watchdog stopped the statement, else as it was
         */
        SQLException explain(SQLException failure) {
            if (stage == 0 || failure instanceof SQLTimeoutException) {
                return failure;
            }
            return new SQLTimeoutException("Statement stopped after the query timeout", "70100", failure);
        }

        /**
         * The statement returned: no cancel or abort starts after this; a cancel under way is waited
         * for, and so is the close of an aborted connection, but not a cancel once the connection is
         * closed.
         */
        @Override
        public void close() {
            running.remove(this);
            boolean interrupted = false;
            synchronized (this) {
                closed = true;
                while ((cancelling || aborting) && !aborted) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** @return whether the watchdog closed the statement's connection; call after {@link #close()} */
        synchronized boolean connectionAborted() {
            return aborted;
        }
    }

    /**
     * Starts watching a statement that is about to run.
     *
     * @param connection its connection, aborted when cancelling does not stop the statement
     * @param statement the statement
     * @return the watch, to close when the statement returned
     */
    Watch watch(Connection connection, Statement statement) {
        if (ticker == null) {
            start();
        }
        Watch w = new Watch(connection, statement, System.nanoTime() + timeoutNanos);
        running.add(w);
        return w;
    }

    private synchronized void start() {
        if (closed) {
            throw new IllegalStateException("The session store is closed");
        }
        if (ticker == null) {
            stoppers = Executors.newCachedThreadPool(daemon("websocket-mysql-session-timeout"));
            ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(
                    daemon("websocket-mysql-session-timeouts"));
            t.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
            ticker = t;
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (Watch w : running) {
            if (w.stage == 0 && now - w.deadline >= 0) {
                w.stage = 1;
                stoppers.execute(() -> cancel(w));
            } else if (w.stage == 1 && now - w.deadline - timeoutNanos >= 0) {
                w.stage = 2;
                stoppers.execute(() -> abort(w));
            }
        }
    }

    private static void cancel(Watch w) {
        synchronized (w) {
            if (w.closed) {
                return;
            }
            w.cancelling = true;
        }
        try {
            w.statement.cancel();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "Cancelling a statement past the query timeout failed", e);
        } finally {
            synchronized (w) {
                w.cancelling = false;
                w.notifyAll();
            }
        }
    }

    private void abort(Watch w) {
        synchronized (w) {
            if (w.closed) {
                return;
            }
            try {
                // returns at once: the driver closes the connection on a stopper thread. Until it has,
                // the server still runs the connection, and a late kill could reach the next
                // statement on it: the caller is let go when the close is done, not before
                w.connection.abort(task -> {
                    w.aborting = true; // under the lock: abort() hands the task over at once
                    stoppers.execute(() -> {
                        try {
                            task.run();
                        } finally {
                            aborted(w);
                        }
                    });
                });
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.FINE, "Aborting a connection blocked past the query timeout failed", e);
                aborted(w);
            }
        }
    }

    private static void aborted(Watch w) {
        synchronized (w) {
            w.aborted = true;
            w.notifyAll();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (ticker != null) {
            ticker.shutdownNow();
            stoppers.shutdown();
        }
    }
}
