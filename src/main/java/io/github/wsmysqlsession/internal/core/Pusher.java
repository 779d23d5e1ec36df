package io.github.wsmysqlsession.internal.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the frames the library pushes to one connection ({@code gotToken} after a rotation, a
 * log-out, or the session's end), in order. Jakarta WebSocket does not allow two threads to send on
 * a connection at once (Tomcat and Undertow throw {@link IllegalStateException}), and the
 * application's threads may be sending: a busy connection is tried again until {@link #PATIENCE_NANOS}
 * has passed. A frame that cannot be sent closes the connection (1011), so that its client is never
 * left on a token that no longer exists; the client reconnects and sends {@code getToken}.
 */
final class Pusher {

    private static final System.Logger LOG = System.getLogger(Pusher.class.getName());
    /** How long a push waits for a busy connection: 10 seconds. */
    static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Connection socket;
    private final Executor executor;
    private final Queue<String> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Object sending = new Object();

    Pusher(Connection socket, Executor executor) {
        this.socket = socket;
        this.executor = executor;
    }

    /** Sends a frame now, on this thread (the one that made the change, usually the connection's own). */
    void sendNow(String frame) {
        synchronized (sending) {
            deliver(frame);
        }
    }

    /** Sends a frame from the library's push threads, after the frames queued before it. */
    void sendLater(String frame) {
        queued.add(frame);
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        do {
            synchronized (sending) {
                for (String frame; (frame = queued.poll()) != null;) {
                    deliver(frame);
                }
            }
            draining.set(false);
        } while (!queued.isEmpty() && draining.compareAndSet(false, true));
    }

    private void deliver(String frame) {
        long giveUp = System.nanoTime() + PATIENCE_NANOS;
        while (socket.isOpen()) {
            try {
                socket.send(frame);
                return;
            } catch (IllegalStateException busy) {
                if (System.nanoTime() - giveUp >= 0 || !pause()) {
                    close("the connection stayed busy sending: " + busy.getMessage());
                    return;
                }
            } catch (IOException | RuntimeException e) {
                close(e.toString());
                return;
            }
        }
    }

    /** @return false when the thread was interrupted */
    private static boolean pause() {
        try {
            Thread.sleep(2);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void close(String why) {
        LOG.log(Level.WARNING, "Could not send a connection its new session token ({0}); closing it", why);
        socket.close(1011, "Could not send the session's new token");
    }
}
