package io.github.wsmysqlsession;

/**
 * A write would have made the session's stored data larger than
 * {@code websocket.session.maxDataBytes}. Nothing was written, neither the row nor the connection's
 * copy: store less, or raise the limit after widening the {@code data} column.
 */
public final class SessionTooLargeException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do next
     */
    public SessionTooLargeException(String message) {
        super(message);
    }
}
