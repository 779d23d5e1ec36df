package io.github.wsmysqlsession.internal.socketio;

import jakarta.servlet.Servlet;

/**
 * Makes the servlet of the polling transport, so that the public API does not name the package's
 * classes. Only this class touches the servlet API: standalone (Tyrus without a servlet container)
 * it is never loaded.
 */
public final class SocketIoTransports {

    private SocketIoTransports() {
    }

    /**
     * @param service the endpoint
     * @return its polling servlet
     */
    public static Servlet servlet(SocketIoService service) {
        return new SocketIoServlet(service);
    }
}
