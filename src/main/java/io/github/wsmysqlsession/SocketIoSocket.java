package io.github.wsmysqlsession;

/**
 * One socket.io client connected to the library's socket.io endpoint (default path
 * {@code /socket.io/}), over HTTP long-polling or WebSocket: what {@code socket} was in a Node
 * socket.io handler. Thread-safe.
 */
public interface SocketIoSocket {

    /** @return the socket's id (the Socket.IO {@code sid}); not a session token, safe to log */
    String id();

    /**
     * @return the socket's session, shared with the other connections of its token; not ready until
     *     the client has sent {@code getToken} (or, with socket.io-client 3 or later, a token in the
     *     connect packet's {@code auth})
     */
    SocketSession session();

    /**
     * Sends an event to this socket, as {@code socket.emit(event, ...args)} in Node.
     *
     * @param event the event's name; not empty
     * @param args its arguments, each turned into JSON with JSON-B ({@code jakarta.json.JsonValue}s as they are)
     * @throws IllegalArgumentException when {@code event} is empty or an argument cannot be turned into JSON
     * @throws IllegalStateException when the socket is disconnected
     */
    void emit(String event, Object... args);

    /** @return whether the socket is still connected */
    boolean isConnected();

    /** Disconnects the socket, as {@code socket.disconnect(true)} in Node; does nothing when it is already. */
    void disconnect();
}
