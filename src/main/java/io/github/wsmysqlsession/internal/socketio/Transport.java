package io.github.wsmysqlsession.internal.socketio;

import java.io.IOException;

/** The WebSocket under an Engine.IO socket, as the engine sees it. Sends may be called from any thread, one at a time. */
interface Transport {

    /** @param packet one encoded Engine.IO packet, sent as one text frame */
    void send(String packet) throws IOException;

    /** Closes the WebSocket; does nothing when it is closed already. */
    void close();
}
