package io.github.wsmysqlsession.internal.socketio;

import jakarta.servlet.Servlet;

/** Makes the polling transports, so that the public API does not name the package's classes. */
public final class SocketIoTransports {

    private SocketIoTransports() {
    }

    /**
     * @param tyrus a started Tyrus Grizzly server container
     * @param service the endpoint
     */
    public static void servePollingOnGrizzly(Object tyrus, SocketIoService service) {
        GrizzlyPolling.attach(tyrus, service);
    }

    /**
     * @param service the endpoint
     * @return its polling servlet
     */
    public static Servlet servlet(SocketIoService service) {
        return new SocketIoServlet(service);
    }
}
