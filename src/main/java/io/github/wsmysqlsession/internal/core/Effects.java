package io.github.wsmysqlsession.internal.core;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * What a change of a session's life does after it is committed and its locks are released, in
 * order: frames pushed to clients, {@code SessionEvent}s, and the end of the session on the server's
 * other connections. Run once, on the thread that made the change, before it returns. Not thread-safe.
 */
final class Effects {

    private static final System.Logger LOG = System.getLogger(Effects.class.getName());

    private final List<Runnable> later = new ArrayList<>();

    void add(Runnable effect) {
        later.add(effect);
    }

    /** Runs the effects in the order they were added; one that fails is logged and the rest still run. */
    void run() {
        for (Runnable effect : later) {
            try {
                effect.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "After a session change: " + e, e);
            }
        }
        later.clear();
    }
}
