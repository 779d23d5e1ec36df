package io.github.wsmysqlsession;

/**
 * Thrown when the session store cannot do what was asked: the database is unreachable or too slow,
 * the table is missing, the session no longer exists, or a value would make the stored data too large.
 *
 * <p>The message says what went wrong and what to do next. When it is thrown from a write, the stored
 * row and the in-memory session are as they were before the call.
 */
public class SessionStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do next
     */
    public SessionStoreException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do next
     * @param cause the underlying failure, usually a {@code PersistenceException} or {@code SQLException}
     */
    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
