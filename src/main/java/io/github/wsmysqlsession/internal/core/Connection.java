package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SocketIoSocket;
import java.io.IOException;

/**
 * A client connection as core sees it: where the library's frames ({@code gotToken}) go, whatever
 * carries them (a WebSocket of the plain endpoint, a socket.io socket over polling or WebSocket).
 * Implementations are thread-safe.
 */
public interface Connection {

    /** @return whether frames can still be sent */
    boolean isOpen();

    /**
     * Sends one of the library's frames, as {@code Protocol} writes it.
     *
     * @param frame the frame's JSON text
     * @throws IOException when it could not be sent
     * @throws IllegalStateException when the connection is busy sending; try again shortly
     */
    void send(String frame) throws IOException;

    /**
     * Closes the connection for good.
     *
     * @param code a WebSocket close code: 1008 for a policy violation, 1011 for a server failure
     * @param reason the reason, for the client
     */
    void close(int code, String reason);

    /** @return the WebSocket connection, for {@code SessionEvent.socket()}; {@code null} for socket.io */
    jakarta.websocket.Session webSocket();

    /** @return the socket.io socket, for {@code SessionEvent.socketIo()}; {@code null} for the plain endpoint */
    SocketIoSocket socketIo();

    /**
     * @return whether this is an HTTP request, which only ever uses an existing session: when its
     *     session ends (here or elsewhere) it is left without one, never given a new one
     */
    default boolean request() {
        return false;
    }
}
