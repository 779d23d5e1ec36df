package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionEvent;
import java.util.function.Consumer;

/**
 * Receives session lifecycle events after the change is committed. The CDI glue turns them into CDI
 * events; a standalone setup passes the application's listener. Implementations must be thread-safe
 * and fast.
 */
public interface EventSink {

    /** A sink that observes nothing. */
    EventSink NONE = of(null);

    /**
     * @param kind a kind of event
     * @return whether {@link #on} wants it; when not, the event is never built
     */
    boolean observes(SessionEvent.Kind kind);

    /**
     * @param event what happened
     */
    void on(SessionEvent event);

    /**
     * @param listener the application's listener, or {@code null} for none
     * @return a sink that passes every event to it
     */
    static EventSink of(Consumer<SessionEvent> listener) {
        return new EventSink() {
            @Override
            public boolean observes(SessionEvent.Kind kind) {
                return listener != null;
            }

            @Override
            public void on(SessionEvent event) {
                listener.accept(event);
            }
        };
    }
}
