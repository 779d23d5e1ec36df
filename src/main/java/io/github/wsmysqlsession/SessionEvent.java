package io.github.wsmysqlsession;

import java.util.Objects;

/**
 * A change in a connection's session, fired as a CDI event (observe it with
 * {@code void on(@Observes SessionEvent e)}) and passed to the listener of a standalone setup, on the
 * thread that made the change, after it was committed and with no lock of the library held. Nothing
 * is built or fired for a kind nobody observes. An HTTP request's session ({@link RequestSessions})
 * fires none of its own: when its {@code invalidate()} or {@code regenerate()} ends the session, the
 * session's connections get {@link Kind#ENDED}.
 *
 * @param kind what happened
 * @param session the connection's session; after {@link Kind#INVALIDATED}, {@link Kind#EXPIRED} and
 *     {@link Kind#ENDED} it is already on the connection's new session
 * @param socket the WebSocket connection of a plain session endpoint; {@code null} for a socket.io
 *     socket
 * @param socketIo the socket.io socket; {@code null} for a connection of a plain session endpoint
 * @param previousTokenPrefix the first 6 characters of the token before the change (never the whole
 *     token, so observers may log it), or {@code ""} when there was none
 */
public record SessionEvent(Kind kind, SocketSession session, jakarta.websocket.Session socket,
        SocketIoSocket socketIo, String previousTokenPrefix) {

    /** What happened to a session. */
    public enum Kind {
        /** A new session was made for a client that sent no usable token. */
        CREATED,
        /** A client's token was found and its session resumed. */
        RESUMED,
        /** {@link SocketSession#regenerate()} gave the session a new token. */
        ROTATED,
        /** {@link SocketSession#invalidate()} on this connection deleted the session; it has a new one. */
        INVALIDATED,
        /**
         * The connection's session expired (found at {@code getToken}, or while the connection was open);
         * it has a new, empty one.
         */
        EXPIRED,
        /**
         * Another connection or server ended the connection's session (a log-out, a rotation, the
         * deletion of its row); it has a new, empty one.
         */
        ENDED
    }

    /**
     * @param kind what happened
     * @param session the session concerned
     * @param socket the WebSocket connection, or {@code null} for a socket.io socket
     * @param socketIo the socket.io socket, or {@code null} for a WebSocket connection
     * @param previousTokenPrefix the first 6 characters of the token before the change, or {@code ""}
     * @throws NullPointerException when {@code kind}, {@code session} or {@code previousTokenPrefix} is
     *     {@code null}
     * @throws IllegalArgumentException unless exactly one of {@code socket} and {@code socketIo} is given
     */
    public SessionEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(previousTokenPrefix, "previousTokenPrefix");
        if ((socket == null) == (socketIo == null)) {
            throw new IllegalArgumentException("A SessionEvent has either a socket or a socketIo, not both or none");
        }
    }
}
