package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SocketIoSocket;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;

/** A connection of a plain session endpoint: the library's frames are its text frames. */
final class WebSocketConnection implements Connection {

    private static final System.Logger LOG = System.getLogger(WebSocketConnection.class.getName());

    private final Session socket;

    WebSocketConnection(Session socket) {
        this.socket = socket;
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void send(String frame) throws IOException {
        socket.getBasicRemote().sendText(frame);
    }

    @Override
    public void close(int code, String reason) {
        try {
            socket.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "Closing failed: {0}", e.toString());
        }
    }

    @Override
    public Session webSocket() {
        return socket;
    }

    @Override
    public SocketIoSocket socketIo() {
        return null;
    }
}
