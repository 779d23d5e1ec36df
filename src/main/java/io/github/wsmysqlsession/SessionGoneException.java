package io.github.wsmysqlsession;

/**
 * The connection's session no longer exists: it expired, or it was ended by a log-out, a token
 * rotation or the deletion of its row (by this or another connection or server). Nothing was
 * written. The client must send {@code getToken} again to get a session.
 */
public final class SessionGoneException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do next
     */
    public SessionGoneException(String message) {
        super(message);
    }
}
