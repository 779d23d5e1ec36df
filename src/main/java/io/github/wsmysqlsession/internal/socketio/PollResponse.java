package io.github.wsmysqlsession.internal.socketio;

/**
 * The answer to one long-polling HTTP request; held by the engine while a GET waits for packets.
 * Implemented over a servlet's {@code AsyncContext} or a suspended Grizzly response ({@link HttpReply}).
 */
interface PollResponse {

    /**
     * Completes the request; only the first call counts.
     *
     * @param status the HTTP status
     * @param contentType its content type
     * @param body the body
     */
    void send(int status, String contentType, String body);

    /**
     * Completes the request and ends its HTTP connection, as Node does when it did not read the body.
     *
     * @param status the HTTP status
     * @param contentType its content type
     * @param body the body
     */
    default void sendAndClose(int status, String contentType, String body) {
        send(status, contentType, body);
    }
}
