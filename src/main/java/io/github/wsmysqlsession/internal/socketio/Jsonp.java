package io.github.wsmysqlsession.internal.socketio;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once: {@code jakarta.json.Json}'s static methods look it up with a
 * {@code ServiceLoader} on every call, which scans the class path's jars (measured: most of a socket.io
 * event's time went there).
 */
final class Jsonp {

    static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsonp() {
    }
}
