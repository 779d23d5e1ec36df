package io.github.wsmysqlsession.internal.socketio;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The long-polling transport standalone, on the Grizzly HTTP server under a Tyrus server container,
 * so that polling and the WebSocket share one port. Tyrus keeps its Grizzly server to itself (no
 * setting adds a handler), so the running server is taken from the container's {@code server}
 * field; a Tyrus without it fails with a message that says so.
 */
final class GrizzlyPolling extends HttpHandler {

    private final SocketIoService service;

    private GrizzlyPolling(SocketIoService service) {
        this.service = service;
    }

    /**
     * @param tyrus a started Tyrus Grizzly server container
     * @param service the socket.io endpoint
     * @throws IllegalStateException when the container is not Tyrus' Grizzly server container
     */
    static void attach(Object tyrus, SocketIoService service) {
        HttpServer server = null;
        for (Class<?> c = tyrus.getClass(); c != null && server == null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("server");
                f.setAccessible(true);
                server = f.get(tyrus) instanceof HttpServer s ? s : null;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("Cannot reach the Grizzly server of " + tyrus.getClass().getName(), e);
            }
        }
        if (server == null) {
            throw new IllegalStateException("servePollingOn needs a started Tyrus Grizzly server container "
                    + "(ServerContainerFactory.createServerContainer(...), then start(...)); got "
                    + tyrus.getClass().getName() + ". In a servlet container, register socketIoPollingServlet() instead");
        }
        String path = service.path();
        server.getServerConfiguration().addHttpHandler(new GrizzlyPolling(service),
                path.substring(0, path.length() - 1));
    }

    @Override
    public void service(Request req, Response resp) throws IOException {
        Cors.allow(req.getHeader("Origin"), resp::setHeader);
        EngineServer engine = service.engine();
        switch (req.getMethod().getMethodString()) {
            case "OPTIONS" -> {
                Cors.preflight(req.getHeader("Access-Control-Request-Headers"), resp::setHeader);
                resp.setStatus(204);
            }
            case "GET" -> {
                resp.suspend();
                Reply reply = new Reply(resp, true);
                EngineSocket socket = engine.get(EngineServer.firstValues(req.getParameterMap()), reply);
                if (socket != null) {
                    reply.expireAfter(engine.timer().schedule(() -> socket.pollTimedOut(reply),
                            engine.pollWaitMillis(), TimeUnit.MILLISECONDS));
                }
            }
            case "POST" -> engine.post(EngineServer.firstValues(req.getParameterMap()), req.getContentLengthLong(),
                    req.getInputStream(), new Reply(resp, false));
            default -> resp.sendError(405);
        }
    }

    /** An answer on the Grizzly response, resuming it when it was suspended. */
    private static final class Reply extends HttpReply {
        private final Response resp;
        private final boolean suspended;

        Reply(Response resp, boolean suspended) {
            this.resp = resp;
            this.suspended = suspended;
        }

        @Override
        void write(int status, String contentType, byte[] body, boolean closeConnection) throws IOException {
            resp.setStatus(status);
            if (closeConnection) {
                resp.setHeader("Connection", "close");
            }
            resp.setContentType(contentType);
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }

        @Override
        void end() {
            if (suspended) {
                resp.resume();
            }
        }
    }
}
