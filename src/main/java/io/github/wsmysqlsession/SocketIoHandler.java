package io.github.wsmysqlsession;

/**
 * The application's events on the socket.io endpoint, as {@code socket.on(...)} handlers in Node:
 * every event but {@code getToken}, which the library answers with {@code gotToken}. In a Jakarta EE
 * server, an application-scoped CDI bean implementing this interface is found and used
 * ({@code @Inject} works in it); standalone, pass one to {@link SessionManager#socketIoEndpoint}. May be
 * called on several threads at once, for different sockets; one socket's events come in order.
 */
@FunctionalInterface
public interface SocketIoHandler {

    /**
     * @param event the event, its arguments and its acknowledgement
     * @param socket the socket that emitted it
     * @param session the socket's session (as {@code socket.session()})
     * @throws Exception logged; the socket stays connected, and an acknowledgement the client
     *     expects is not sent
     */
    void onEvent(SocketIoEvent event, SocketIoSocket socket, SocketSession session) throws Exception;

    /**
     * Called when a socket disconnected, whatever the reason; by default does nothing.
     *
     * @param socket the socket
     * @param reason Node's reason text: {@code "client namespace disconnect"}, {@code "transport close"},
     *     {@code "ping timeout"}, {@code "server namespace disconnect"}, {@code "parse error"}...
     */
    default void onDisconnect(SocketIoSocket socket, String reason) {
        // nothing
    }
}
