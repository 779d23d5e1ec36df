package io.github.wsmysqlsession.internal.socketio;

/** An Engine.IO or Socket.IO packet or payload that does not parse; the connection is closed. */
final class MalformedPacketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedPacketException(String message) {
        super(message);
    }
}
