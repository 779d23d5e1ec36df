package io.github.wsmysqlsession.core;

import io.github.wsmysqlsession.SessionEvent;

/**
 * Receives session lifecycle events after the change is committed. The CDI glue turns them into CDI
 * events; a standalone setup may pass its own. Implementations must be thread-safe and fast.
 */
public interface SessionListener {

    /** A listener that observes nothing. */
    SessionListener NONE = new SessionListener() {
        @Override
        public boolean observes(SessionEvent.Kind kind) {
            return false;
        }

        @Override
        public void on(SessionEvent event) {
            // nobody listens
        }
    };

    /**
     * @param kind a kind of event
     * @return whether {@link #on} wants it; when not, the event is never built
     */
    boolean observes(SessionEvent.Kind kind);

    /**
     * @param event what happened
     */
    void on(SessionEvent event);
}
