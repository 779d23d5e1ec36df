package io.github.wsmysqlsession;

/**
 * Thrown when the session store cannot do what was asked. Catch the subclass for the reaction it
 * calls for: {@link SessionGoneException} (the session ended: the client must send {@code getToken}
 * again), {@link SessionTooLargeException} (store less), {@link SessionUnavailableException} (the
 * database failed or did not answer: try again later). A plain {@code SessionStoreException} means
 * something an operator must fix: the table is missing, or a row's data is not a JSON object.
 *
 * <p>The message says what went wrong and what to do next; callers never need to read it.
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
