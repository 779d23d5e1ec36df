package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.internal.json.SessionDocument;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session's values as this server last committed or read them, immutable.
 *
 * @param values JSON text by key, in the document's order; unmodifiable; without the creation marker
 * @param expires Unix seconds after which the session is dead
 * @param createdAt Unix seconds of the session's creation when an absolute timeout is set, else 0
 */
record SessionState(Map<String, String> values, long expires, long createdAt) {

    SessionState {
        values = Collections.unmodifiableMap(values);
    }

    static SessionState empty(long expires, long createdAt) {
        return new SessionState(new LinkedHashMap<>(), expires, createdAt);
    }

    /**
     * @param data a row's {@code data}
     * @param expires its expiry
     * @return the state it holds, the creation marker taken out
     * @throws IllegalArgumentException when {@code data} is not a JSON object
     */
    static SessionState parse(String data, long expires) {
        Map<String, String> values = SessionDocument.parse(data);
        long createdAt = Lifetime.takeCreatedAt(values);
        return new SessionState(values, expires, createdAt);
    }

    /** @return a copy of the values, to change */
    Map<String, String> copy() {
        return new LinkedHashMap<>(values);
    }

    SessionState with(Map<String, String> newValues, long newExpires) {
        return new SessionState(newValues, newExpires, createdAt);
    }

    SessionState withExpires(long newExpires) {
        return new SessionState(values, newExpires, createdAt);
    }
}
