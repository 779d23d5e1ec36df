package io.github.wsmysqlsession.internal.core;

/** Counts one connection's {@code getToken} frames against {@code websocket.session.getTokenPerMinute}. */
final class FloodGate {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private long windowStart;
    private int framesInWindow;

    /**
     * @param perMinute the limit, 0 for none
     * @param nanoTime now, from {@link System#nanoTime()}
     * @return whether this frame is within the limit
     */
    synchronized boolean admit(int perMinute, long nanoTime) {
        if (perMinute == 0) {
            return true;
        }
        if (framesInWindow == 0 || nanoTime - windowStart >= MINUTE_NANOS) {
            windowStart = nanoTime;
            framesInWindow = 0;
        }
        return ++framesInWindow <= perMinute;
    }
}
