package io.github.wsmysqlsession;

/**
 * The database failed or did not answer within {@code websocket.session.queryTimeout}; try again
 * later. When {@link #outcomeUnknown()} is {@code false}, nothing was written. When it is
 * {@code true}, a write was sent but its outcome is unknown (the statement was cut off at the
 * timeout, or the connection broke before the database answered): it may have been applied.
 */
public final class SessionUnavailableException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    /** Whether a write was sent and may have been applied. */
    private final boolean outcomeUnknown;

    /**
     * @param message what went wrong and what to do next
     * @param cause the underlying failure
     * @param outcomeUnknown whether a write was sent and may have been applied
     */
    public SessionUnavailableException(String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * @return whether a write was sent and may have been applied; {@code false} when nothing was written
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
