package io.github.wsmysqlsession.arquillian;

import io.github.wsmysqlsession.SessionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumSet;
import java.util.Set;

/** Records which kinds of {@link SessionEvent} CDI delivered in the server. */
@ApplicationScoped
public class EventLog {

    private final Set<SessionEvent.Kind> kinds = EnumSet.noneOf(SessionEvent.Kind.class);

    void on(@Observes SessionEvent event) {
        synchronized (kinds) {
            kinds.add(event.kind());
        }
    }

    /** @return the kinds seen so far, in enum order, e.g. {@code [CREATED, RESUMED]} */
    public String kinds() {
        synchronized (kinds) {
            return kinds.toString().replace(" ", "");
        }
    }
}
