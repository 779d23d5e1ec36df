package io.github.wsmysqlsession.internal.core;

/**
 * Counts the sessions this server creates for {@code getToken} frames against
 * {@code websocket.session.newSessionsPerMinute}: a bucket of that many, refilled evenly over a
 * minute, so that a client that opens many connections adds at most that many rows a minute.
 * Thread-safe.
 */
final class CreationRate {

    private static final double MINUTE_MILLIS = 60_000;

    private final int perMinute;
    private double available;
    private long lastMillis;
    private boolean started;

    /** @param perMinute the limit, 0 for none */
    CreationRate(int perMinute) {
        this.perMinute = perMinute;
        this.available = perMinute;
    }

    /**
     * @param nowMillis the time, from the service's clock
     * @return whether one more session may be created now (and it is counted)
     */
    synchronized boolean admit(long nowMillis) {
        if (perMinute == 0) {
            return true;
        }
        if (started && nowMillis > lastMillis) {
            available = Math.min(perMinute, available + (nowMillis - lastMillis) * perMinute / MINUTE_MILLIS);
        }
        started = true;
        lastMillis = Math.max(lastMillis, nowMillis);
        if (available < 1) {
            return false;
        }
        available--;
        return true;
    }
}
