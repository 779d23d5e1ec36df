package io.github.wsmysqlsession.internal.store;

/**
 * One row of the session table, as the store read it.
 *
 * @param token the session's token (not the row's key, which may be its hash)
 * @param expires Unix seconds after which the session is dead
 * @param data the values as one JSON object; {@code null} or {@code ""} in rows that never held data
 */
public record StoredSession(String token, long expires, String data) {

    /**
     * @param now the current Unix time in seconds
     * @return whether the session is dead at {@code now}
     */
    public boolean expiredAt(long now) {
        return expires < now;
    }
}
