package io.github.wsmysqlsession.internal.socketio;

import java.util.function.BiConsumer;

/**
 * The CORS headers of the polling transport. An app compiled with Cordova or Capacitor runs its page
 * from {@code file://} or {@code http://localhost}, so every poll is a cross-origin request; the
 * session token travels in the {@code getToken} event, not in a cookie, so no origin gains ambient
 * authority by being allowed, and every origin is (as socket.io 2 did by default).
 */
final class Cors {

    private Cors() {
    }

    static void allow(String origin, BiConsumer<String, String> header) {
        if (origin != null && !origin.isEmpty()) {
            header.accept("Access-Control-Allow-Origin", origin);
            header.accept("Access-Control-Allow-Credentials", "true");
            header.accept("Vary", "Origin");
        } else {
            header.accept("Access-Control-Allow-Origin", "*");
        }
    }

    static void preflight(String requestedHeaders, BiConsumer<String, String> header) {
        header.accept("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        if (requestedHeaders != null && requestedHeaders.matches("[A-Za-z0-9\\-, ]{1,500}")) {
            header.accept("Access-Control-Allow-Headers", requestedHeaders);
        }
        header.accept("Access-Control-Max-Age", "86400");
    }
}
