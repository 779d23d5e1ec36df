package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SocketIoSocket;

/**
 * An HTTP request (a REST call, a servlet's) on an existing session, from the moment it found its
 * session to its end: there is no channel to push frames on, so the library's frames are dropped
 * (the request's code learns a rotated token from {@code regenerate()}'s result), and it is never
 * given a new session ({@link #request()}).
 */
final class RequestConnection implements Connection {

    private volatile boolean open = true;

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void send(String frame) {
        // a request has no channel for frames
    }

    @Override
    public void close(int code, String reason) {
        open = false;
    }

    @Override
    public jakarta.websocket.Session webSocket() {
        return null;
    }

    @Override
    public SocketIoSocket socketIo() {
        return null;
    }

    @Override
    public boolean request() {
        return true;
    }
}
