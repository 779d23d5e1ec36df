package io.github.wsmysqlsession;

import jakarta.websocket.Session;

/**
 * The application's part of a standalone session endpoint ({@link SessionManager#endpoint}): receives
 * every text frame that is not a {@code getToken} request. Called on the container's thread, one
 * frame of a connection at a time.
 */
@FunctionalInterface
public interface SocketMessageHandler {

    /**
     * @param text the frame
     * @param socket the connection, to send replies with
     * @param session the connection's session; not ready until the client has sent {@code getToken}
     * @throws Exception anything; it is logged and the connection stays open
     */
    void onMessage(String text, Session socket, SocketSession session) throws Exception;
}
