package io.github.wsmysqlsession.internal.socketio;

/**
 * The Engine.IO settings, as the handshake tells them to the client.
 *
 * @param pingIntervalMillis how often a heartbeat is due (the server pings in Engine.IO 4, the client in 3)
 * @param pingTimeoutMillis how long past that a missing heartbeat closes the socket ("ping timeout")
 * @param maxPayload the largest HTTP body or WebSocket frame a client may send, in bytes
 */
record EngineOptions(long pingIntervalMillis, long pingTimeoutMillis, int maxPayload) {
}
