package io.github.wsmysqlsession.core;

import io.github.wsmysqlsession.SocketSession;

/**
 * Bench-only: runs a block as the endpoint would run a message handler in the opt-in deferred-write
 * mode ({@code deferWrites} before, {@code flushWrites} after). Not part of the proposed library change;
 * in the library, {@code SessionEndpoint} and {@code GetTokenInterceptor} do this around the handler.
 */
public final class BenchDeferred {

    private BenchDeferred() {
    }

    public static void batch(SocketSession session, Runnable handler) {
        ConnectionSession s = (ConnectionSession) session;
        s.deferWrites();
        try {
            handler.run();
        } finally {
            s.flushWrites();
        }
    }
}
